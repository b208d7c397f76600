package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Features;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.Scoring;
import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.ModelInfo;
import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.PredictRatingsResponse;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.proto.v1.SimilarMoviesRequest;
import dev.marquee.proto.v1.SimilarMoviesResponse;
import dev.marquee.server.testing.InProcessGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RPC through the in-process transport against a synthetic ML-100K-shaped model, exact
 * retrieval.
 */
class ServerTest {
  @TempDir static Path tmp;

  static ModelArtifact model;
  static ModelArtifact noFeatures;
  static ServingStateHolder states;
  static ServingStateHolder plainStates;
  static MarqueeServer server;
  static MarqueeServer plainServer;
  static final InProcessGrpc grpc = new InProcessGrpc();
  static final InProcessGrpc plainGrpc = new InProcessGrpc();
  static ManagedChannel channel;
  static RecommenderGrpc.RecommenderBlockingStub stub;
  static RecommenderGrpc.RecommenderBlockingStub plain;

  @BeforeAll
  static void start() throws Exception {
    model = Fixtures.write(tmp.resolve("model"), Fixtures.ml100kShape(7, true));
    noFeatures = Fixtures.write(tmp.resolve("plain"), Fixtures.ml100kShape(8, false));
    states =
        new ServingStateHolder(
            new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT).call());
    plainStates =
        new ServingStateHolder(
            new PairLoader(tmp.resolve("plain"), null, RetrievalOptions.EXACT).call());
    Recommender r = new Recommender(new FoldIn(1.0));
    server = new MarqueeServer(grpc.serverBuilder(), states, r, List.of()).start();
    server.setServing(true);
    channel = grpc.channel();
    stub = RecommenderGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    plainServer = new MarqueeServer(plainGrpc.serverBuilder(), plainStates, r, List.of()).start();
    plainServer.setServing(true);
    plain =
        RecommenderGrpc.newBlockingStub(plainGrpc.channel())
            .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    grpc.close();
    plainGrpc.close();
    server.stop(Duration.ofSeconds(1));
    plainServer.stop(Duration.ofSeconds(1));
    states.close();
    plainStates.close();
  }

  static List<Long> ids(RecommendResponse r) {
    return r.getItemsList().stream().map(RecommendedMovie::getMovieId).toList();
  }

  @Test
  void recommendEqualsBruteForceForManyUsers() {
    Embeddings e = model.embeddings();
    for (int u = 0; u < e.userIds().length; u += 7) {
      int k = 1 + u % 50;
      RecommendResponse r =
          stub.recommend(RecommendRequest.newBuilder().setUserId(e.userIds()[u]).setK(k).build());
      assertEquals(
          Oracle.topK(model, e.userVectors()[u], k, Oracle.seen(model, u), List.of(), 0, 0),
          ids(r),
          "user " + u);
      assertFalse(r.getColdStart());
      assertEquals(model.modelId(), r.getModelId());
      for (RecommendedMovie m : r.getItemsList()) {
        int i = states.peek().catalogue().indexOf(m.getMovieId());
        // score is the ranking score; predicted_rating comes from the rating logit with b_u + b_m.
        assertEquals(
            Scoring.retrievalScore(
                e.userVectors()[u], e.movieVectors()[i], e.movieRetrievalBias()[i]),
            m.getScore(),
            0f);
        float logit =
            Scoring.score(
                e.userVectors()[u], e.userBias()[u], e.movieVectors()[i], e.movieBias()[i]);
        assertEquals(Scoring.predictedRating(logit, 1f, 5f), m.getPredictedRating(), 0f);
        assertEquals(model.movies().get(i).title(), m.getTitle());
      }
    }
  }

  @Test
  void seenMoviesNeverReturnedUnlessAsked() {
    // User 1 rated 737 movies; ask for all the rest.
    int unseen = 1682 - 737;
    RecommendResponse r =
        stub.recommend(RecommendRequest.newBuilder().setUserId(1).setK(1000).build());
    assertEquals(unseen, r.getItemsCount(), "every unseen movie comes back, and only those");
    Set<Integer> seen = Oracle.seen(model, 0);
    for (RecommendedMovie m : r.getItemsList()) {
      assertFalse(
          seen.contains(states.peek().catalogue().indexOf(m.getMovieId())),
          "seen movie " + m.getMovieId());
    }
    RecommendResponse all =
        stub.recommend(
            RecommendRequest.newBuilder().setUserId(1).setK(1000).setIncludeSeen(true).build());
    assertEquals(1000, all.getItemsCount());
    assertTrue(
        all.getItemsList().stream()
            .anyMatch(m -> seen.contains(states.peek().catalogue().indexOf(m.getMovieId()))));
    Embeddings e = model.embeddings();
    assertEquals(Oracle.topK(model, e.userVectors()[0], 1000, Set.of(), List.of(), 0, 0), ids(all));
  }

  @Test
  void filtersRespected() {
    Embeddings e = model.embeddings();
    MovieFilter f =
        MovieFilter.newBuilder()
            .addGenres("Comedy")
            .addGenres("Horror")
            .setMinYear(1990)
            .setMaxYear(1995)
            .build();
    for (int u = 0; u < 50; u += 5) {
      RecommendResponse r =
          stub.recommend(
              RecommendRequest.newBuilder().setUserId(u + 1).setK(20).setFilter(f).build());
      assertEquals(
          Oracle.topK(
              model,
              e.userVectors()[u],
              20,
              Oracle.seen(model, u),
              List.of("Comedy", "Horror"),
              1990,
              1995),
          ids(r));
      for (RecommendedMovie m : r.getItemsList()) {
        assertTrue(
            m.getGenresList().contains("Comedy") || m.getGenresList().contains("Horror"),
            m.toString());
        assertTrue(m.getYear() >= 1990 && m.getYear() <= 1995, m.toString());
      }
    }
    // Only a lower bound.
    RecommendResponse r =
        stub.recommend(
            RecommendRequest.newBuilder()
                .setUserId(3)
                .setK(30)
                .setFilter(MovieFilter.newBuilder().setMinYear(1997))
                .build());
    assertEquals(30, r.getItemsCount());
    r.getItemsList().forEach(m -> assertTrue(m.getYear() >= 1997));
  }

  @Test
  void explanationsComeFromHighlyRatedMovies() {
    RecommendResponse r =
        stub.recommend(RecommendRequest.newBuilder().setUserId(5).setK(10).build());
    Embeddings e = model.embeddings();
    int u = 4;
    int[] rated = model.ratings().moviesOf(u);
    float[] ratings = model.ratings().ratingsOf(u);
    for (RecommendedMovie m : r.getItemsList()) {
      assertTrue(m.hasBecauseYouLiked());
      int item = states.peek().catalogue().indexOf(m.getMovieId());
      int best = -1;
      double bestCos = -2;
      for (int j = 0; j < rated.length; j++) {
        if (ratings[j] >= 4) {
          double c = Scoring.cosine(e.movieVectors()[item], e.movieVectors()[rated[j]]);
          if (c > bestCos + 1e-6) {
            bestCos = c;
            best = rated[j];
          }
        }
      }
      assertEquals(e.movieIds()[best], m.getBecauseYouLiked().getMovieId());
      assertEquals(model.movies().get(best).title(), m.getBecauseYouLiked().getTitle());
    }
  }

  @Test
  void unknownUserIsColdStart() {
    RecommendResponse r =
        stub.recommend(RecommendRequest.newBuilder().setUserId(999_999).setK(10).build());
    assertTrue(r.getColdStart());
    Features.Vector v = Features.user(model.embeddings(), 0, "", "");
    assertEquals(Oracle.topK(model, v.vector(), 10, Set.of(), List.of(), 0, 0), ids(r));
    // Without user features: popularity, the ranking score of a zero vector (retrieval bias order).
    RecommendResponse p =
        plain.recommend(RecommendRequest.newBuilder().setUserId(999_999).setK(10).build());
    assertTrue(p.getColdStart());
    assertEquals(Oracle.topK(noFeatures, new float[32], 10, Set.of(), List.of(), 0, 0), ids(p));
    Embeddings ne = noFeatures.embeddings();
    for (RecommendedMovie m : p.getItemsList()) {
      int i = plainStates.peek().catalogue().indexOf(m.getMovieId());
      assertEquals(ne.movieRetrievalBias()[i], m.getScore(), 0f);
      assertEquals(Scoring.predictedRating(ne.movieBias()[i], 1f, 5f), m.getPredictedRating(), 0f);
    }
    assertEquals(noFeatures.modelId(), p.getModelId());
  }

  @Test
  void profileFoldInAndFallbacks() {
    Embeddings e = model.embeddings();
    // Features only: cold start, the features-only vector.
    RecommendResponse f =
        stub.recommendForProfile(
            RecommendForProfileRequest.newBuilder()
                .setAge(25)
                .setGender("F")
                .setOccupation("writer")
                .setK(10)
                .build());
    assertTrue(f.getColdStart());
    Features.Vector v = Features.user(e, 25, "F", "writer");
    assertEquals(Oracle.topK(model, v.vector(), 10, Set.of(), List.of(), 0, 0), ids(f));
    // With ratings: not cold start, rated movies excluded, the folded-in vector ranks.
    RecommendForProfileRequest.Builder b =
        RecommendForProfileRequest.newBuilder()
            .setAge(25)
            .setGender("F")
            .setOccupation("writer")
            .setK(15);
    long[] rated = {1, 50, 100, 181, 258};
    float[] rs = {5, 4, 1, 5, 3};
    for (int j = 0; j < rated.length; j++) {
      b.addRatings(ProfileRating.newBuilder().setMovieId(rated[j]).setRating(rs[j]));
    }
    RecommendResponse r = stub.recommendForProfile(b.build());
    assertFalse(r.getColdStart());
    int[] idx = new int[rated.length];
    Set<Integer> ex = new HashSet<>();
    for (int j = 0; j < rated.length; j++) {
      idx[j] = states.peek().catalogue().indexOf(rated[j]);
      ex.add(idx[j]);
    }
    // Fold-in fits the rating head (u, b_u against b_m); the folded u then ranks with c_m.
    Features.Vector w =
        new FoldIn(1.0)
            .solve(e.movieVectors(), e.movieBias(), idx, rs, 1f, 5f, v.vector(), v.bias());
    assertEquals(Oracle.topK(model, w.vector(), 15, ex, List.of(), 0, 0), ids(r));
    for (RecommendedMovie m : r.getItemsList()) {
      int i = states.peek().catalogue().indexOf(m.getMovieId());
      assertEquals(
          Scoring.retrievalScore(w.vector(), e.movieVectors()[i], e.movieRetrievalBias()[i]),
          m.getScore(),
          0f);
      assertEquals(
          Scoring.predictedRating(
              Scoring.score(w.vector(), w.bias(), e.movieVectors()[i], e.movieBias()[i]), 1f, 5f),
          m.getPredictedRating(),
          0f);
    }
    for (RecommendedMovie m : r.getItemsList()) {
      assertTrue(Set.of(1L, 50L, 181L).contains(m.getBecauseYouLiked().getMovieId()), m.toString());
    }
    // No features, no ratings: popularity, cold start.
    RecommendResponse p =
        plain.recommendForProfile(RecommendForProfileRequest.newBuilder().setK(5).build());
    assertTrue(p.getColdStart());
    assertEquals(Oracle.topK(noFeatures, new float[32], 5, Set.of(), List.of(), 0, 0), ids(p));
    // No features but ratings: fold-in from zero.
    RecommendResponse q =
        plain.recommendForProfile(
            RecommendForProfileRequest.newBuilder()
                .setK(5)
                .addRatings(ProfileRating.newBuilder().setMovieId(1).setRating(5))
                .build());
    assertFalse(q.getColdStart());
    assertFalse(ids(q).contains(1L));
  }

  @Test
  void predictRatings() {
    Embeddings e = model.embeddings();
    int u = 9;
    int seenMovie = model.ratings().moviesOf(u)[0];
    long[] movies = {e.movieIds()[seenMovie], 1682, 3};
    PredictRatingsRequest.Builder b = PredictRatingsRequest.newBuilder().setUserId(u + 1);
    for (long m : movies) {
      b.addMovieIds(m);
    }
    PredictRatingsResponse r = stub.predictRatings(b.build());
    assertEquals(3, r.getPredictionsCount());
    for (int j = 0; j < 3; j++) {
      int i = states.peek().catalogue().indexOf(movies[j]);
      // PredictRatings' score is the rating logit, not the ranking score.
      float s =
          Scoring.score(e.userVectors()[u], e.userBias()[u], e.movieVectors()[i], e.movieBias()[i]);
      assertEquals(movies[j], r.getPredictions(j).getMovieId());
      assertEquals(s, r.getPredictions(j).getScore(), 0f);
      assertEquals(Scoring.predictedRating(s, 1, 5), r.getPredictions(j).getPredictedRating(), 0f);
      float actual = model.ratings().rating(u, i);
      assertEquals(!Float.isNaN(actual), r.getPredictions(j).hasActualRating());
    }
    assertTrue(r.getPredictions(0).hasActualRating());
    assertEquals(
        Status.Code.NOT_FOUND,
        code(
            () ->
                stub.predictRatings(
                    PredictRatingsRequest.newBuilder().setUserId(99999).addMovieIds(1).build())));
  }

  @Test
  void similarMovies() {
    Embeddings e = model.embeddings();
    SimilarMoviesResponse r =
        stub.similarMovies(SimilarMoviesRequest.newBuilder().setMovieId(50).setK(10).build());
    assertEquals(50, r.getMovie().getMovieId());
    int q = states.peek().catalogue().indexOf(50);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < e.movieIds().length; i++) {
      if (i != q) {
        all.add(i);
      }
    }
    all.sort(
        (a, b) -> {
          int c =
              Double.compare(
                  Scoring.cosine(e.movieVectors()[q], e.movieVectors()[b]),
                  Scoring.cosine(e.movieVectors()[q], e.movieVectors()[a]));
          return c != 0 ? c : Long.compare(e.movieIds()[a], e.movieIds()[b]);
        });
    assertEquals(
        all.stream().limit(10).map(i -> e.movieIds()[i]).toList(),
        r.getItemsList().stream().map(m -> m.getMovieId()).toList());
    assertEquals(
        Scoring.cosine(e.movieVectors()[q], e.movieVectors()[all.get(0)]),
        r.getItems(0).getSimilarity(),
        1e-5);
  }

  @Test
  void modelInfo() {
    ModelInfo info = stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
    assertEquals(model.modelId(), info.getModelId());
    assertEquals(943, info.getUsers());
    assertEquals(1682, info.getMovies());
    assertEquals(model.ratings().movies().length, info.getRatings());
    assertEquals(32, info.getFactors());
    assertEquals("exact", info.getIndexParamsMap().get("retrieval"));
    assertEquals(0.9, info.getMetricsMap().get("valid_rmse"), 1e-9);
    assertEquals("user", info.getFeatures());
  }

  static Status.Code code(Executable call) {
    StatusRuntimeException ex = assertThrows(StatusRuntimeException.class, call);
    return ex.getStatus().getCode();
  }

  static void invalid(Executable call, String... fragments) {
    StatusRuntimeException ex = assertThrows(StatusRuntimeException.class, call);
    assertEquals(Status.Code.INVALID_ARGUMENT, ex.getStatus().getCode(), ex.toString());
    for (String f : fragments) {
      assertTrue(
          ex.getStatus().getDescription().contains(f),
          ex.getStatus().getDescription() + " should contain " + f);
    }
  }

  @Test
  void invalidArguments() {
    invalid(
        () -> stub.recommend(RecommendRequest.newBuilder().setUserId(1).setK(0).build()),
        "k must be in [1, 1000]; k=0");
    invalid(
        () -> stub.recommend(RecommendRequest.newBuilder().setUserId(1).setK(1001).build()),
        "k=1001");
    invalid(
        () -> stub.recommend(RecommendRequest.newBuilder().setUserId(1).setK(-5).build()), "k=-5");
    invalid(
        () -> stub.recommend(RecommendRequest.newBuilder().setK(10).build()),
        "user_id",
        "user_id=0");
    invalid(
        () ->
            stub.recommend(
                RecommendRequest.newBuilder()
                    .setUserId(1)
                    .setK(10)
                    .setFilter(MovieFilter.newBuilder().addGenres("Comdy"))
                    .build()),
        "filter.genres[0]",
        "Comdy");
    invalid(
        () ->
            stub.recommend(
                RecommendRequest.newBuilder()
                    .setUserId(1)
                    .setK(10)
                    .setFilter(MovieFilter.newBuilder().setMinYear(2000).setMaxYear(1990))
                    .build()),
        "filter.min_year=2000",
        "filter.max_year=1990");
    invalid(
        () ->
            stub.recommend(
                RecommendRequest.newBuilder()
                    .setUserId(1)
                    .setK(10)
                    .setFilter(MovieFilter.newBuilder().setMinYear(-1))
                    .build()),
        "filter.min_year=-1");
    invalid(
        () -> stub.recommendForProfile(RecommendForProfileRequest.newBuilder().setK(0).build()),
        "k=0");
    invalid(
        () ->
            stub.recommendForProfile(
                RecommendForProfileRequest.newBuilder()
                    .setK(5)
                    .addRatings(ProfileRating.newBuilder().setMovieId(424242).setRating(4))
                    .build()),
        "ratings[0].movie_id=424242");
    invalid(
        () ->
            stub.recommendForProfile(
                RecommendForProfileRequest.newBuilder()
                    .setK(5)
                    .addRatings(ProfileRating.newBuilder().setMovieId(1).setRating(9))
                    .build()),
        "ratings[0].rating=9");
    invalid(
        () ->
            stub.recommendForProfile(
                RecommendForProfileRequest.newBuilder()
                    .setK(5)
                    .addRatings(ProfileRating.newBuilder().setMovieId(1).setRating(4))
                    .addRatings(ProfileRating.newBuilder().setMovieId(1).setRating(3))
                    .build()),
        "movie_id=1");
    invalid(
        () ->
            stub.recommendForProfile(
                RecommendForProfileRequest.newBuilder().setK(5).setGender("X").build()),
        "gender=X");
    invalid(
        () ->
            stub.recommendForProfile(
                RecommendForProfileRequest.newBuilder().setK(5).setAge(-3).build()),
        "age=-3");
    invalid(
        () -> stub.predictRatings(PredictRatingsRequest.newBuilder().setUserId(1).build()),
        "movie_ids must not be empty");
    invalid(
        () ->
            stub.predictRatings(
                PredictRatingsRequest.newBuilder()
                    .setUserId(1)
                    .addMovieIds(1)
                    .addMovieIds(777777)
                    .build()),
        "movie_ids[1]=777777");
    invalid(
        () -> stub.similarMovies(SimilarMoviesRequest.newBuilder().setMovieId(1).setK(0).build()),
        "k=0");
    invalid(
        () -> stub.similarMovies(SimilarMoviesRequest.newBuilder().setMovieId(0).setK(5).build()),
        "movie_id=0");
    invalid(
        () ->
            stub.similarMovies(SimilarMoviesRequest.newBuilder().setMovieId(55555).setK(5).build()),
        "movie_id=55555");
  }

  @Test
  void healthFollowsReadiness() throws Exception {
    InProcessGrpc g = new InProcessGrpc();
    ServingStateHolder empty = new ServingStateHolder();
    MarqueeServer s =
        new MarqueeServer(g.serverBuilder(), empty, new Recommender(new FoldIn(1)), List.of())
            .start();
    ManagedChannel ch = g.channel();
    try {
      var health = HealthGrpc.newBlockingStub(ch);
      assertEquals(
          ServingStatus.NOT_SERVING,
          health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
      assertEquals(
          ServingStatus.NOT_SERVING,
          health
              .check(HealthCheckRequest.newBuilder().setService("marquee.v1.Recommender").build())
              .getStatus());
      assertEquals(
          Status.Code.UNAVAILABLE,
          code(
              () ->
                  RecommenderGrpc.newBlockingStub(ch)
                      .getModelInfo(GetModelInfoRequest.getDefaultInstance())));
      empty.swap(new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT).call());
      s.setServing(true);
      assertEquals(
          ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
      assertEquals(
          ServingStatus.SERVING,
          health
              .check(HealthCheckRequest.newBuilder().setService("marquee.v1.Recommender").build())
              .getStatus());
      // Watch sees NOT_SERVING when draining starts.
      var watch = HealthGrpc.newBlockingStub(ch).watch(HealthCheckRequest.getDefaultInstance());
      assertEquals(ServingStatus.SERVING, watch.next().getStatus());
      Thread stopper =
          new Thread(
              () -> {
                try {
                  s.stop(Duration.ofSeconds(2));
                } catch (InterruptedException ex) {
                  Thread.currentThread().interrupt();
                }
              });
      stopper.start();
      assertEquals(ServingStatus.NOT_SERVING, watch.next().getStatus());
      stopper.join();
    } finally {
      g.close();
      s.stop(Duration.ZERO);
      empty.close();
    }
  }

  @Test
  void accessLogWritesOneLinePerCall() throws Exception {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    InProcessGrpc g = new InProcessGrpc();
    MarqueeServer s =
        new MarqueeServer(
                g.serverBuilder(),
                states,
                new Recommender(new FoldIn(1)),
                List.of(new AccessLogInterceptor(lines::add)))
            .start();
    try {
      var st = RecommenderGrpc.newBlockingStub(g.channel());
      st.recommend(RecommendRequest.newBuilder().setUserId(1).setK(3).build());
      code(() -> st.recommend(RecommendRequest.newBuilder().setUserId(1).setK(0).build()));
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(
          lines.get(0).contains("method=marquee.v1.Recommender/Recommend status=OK micros="),
          lines.get(0));
      assertTrue(lines.get(1).contains("status=INVALID_ARGUMENT"), lines.get(1));
    } finally {
      g.close();
      s.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void inboundMessageLimitOverNetty() throws Exception {
    MarqueeServer s =
        new MarqueeServer(
                io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                        new java.net.InetSocketAddress(
                            java.net.InetAddress.getLoopbackAddress(), 0))
                    .maxInboundMessageSize(64 * 1024),
                states,
                new Recommender(new FoldIn(1)),
                List.of())
            .start();
    ManagedChannel ch =
        io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", s.port())
            .usePlaintext()
            .build();
    try {
      var st = RecommenderGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
      assertEquals(
          3,
          st.recommend(RecommendRequest.newBuilder().setUserId(1).setK(3).build()).getItemsCount());
      PredictRatingsRequest.Builder big = PredictRatingsRequest.newBuilder().setUserId(1);
      for (int i = 0; i < 20_000; i++) {
        big.addMovieIds(1_000_000_000L + i);
      }
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, code(() -> st.predictRatings(big.build())));
    } finally {
      ch.shutdownNow();
      s.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void stopFinishesCallsInFlight() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    io.grpc.ServerInterceptor slow =
        new io.grpc.ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call,
              io.grpc.Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(call, headers)) {
              @Override
              public void onHalfClose() {
                entered.countDown();
                try {
                  Thread.sleep(300);
                } catch (InterruptedException ex) {
                  Thread.currentThread().interrupt();
                }
                super.onHalfClose();
              }
            };
          }
        };
    InProcessGrpc g = new InProcessGrpc();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    MarqueeServer s =
        new MarqueeServer(
                g.serverBuilder(pool), states, new Recommender(new FoldIn(1)), List.of(slow))
            .start();
    ManagedChannel ch = g.threadedChannel();
    try {
      var inFlight =
          RecommenderGrpc.newFutureStub(ch)
              .recommend(RecommendRequest.newBuilder().setUserId(1).setK(3).build());
      assertTrue(entered.await(5, TimeUnit.SECONDS));
      s.stop(Duration.ofSeconds(5));
      assertEquals(
          3, inFlight.get(5, TimeUnit.SECONDS).getItemsCount(), "the call in flight finished");
      assertTrue(s.isTerminated());
      assertEquals(
          Status.Code.UNAVAILABLE,
          code(
              () ->
                  RecommenderGrpc.newBlockingStub(ch)
                      .recommend(RecommendRequest.newBuilder().setUserId(1).setK(3).build())));
    } finally {
      g.close();
      pool.shutdown();
    }
  }

  @Test
  @SuppressWarnings("deprecation")
  void reflectionV1AndV1alphaListTheService() throws Exception {
    var v1 =
        new java.util.concurrent.CompletableFuture<
            io.grpc.reflection.v1.ServerReflectionResponse>();
    var req1 =
        io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(observer(v1));
    req1.onNext(
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
    req1.onCompleted();
    assertTrue(
        v1.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .anyMatch(x -> x.getName().equals("marquee.v1.Recommender")));
    var v1alpha =
        new java.util.concurrent.CompletableFuture<
            io.grpc.reflection.v1alpha.ServerReflectionResponse>();
    var req2 =
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(observer(v1alpha));
    req2.onNext(
        io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
            .setListServices("")
            .build());
    req2.onCompleted();
    assertTrue(
        v1alpha.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .anyMatch(x -> x.getName().equals("marquee.v1.Recommender")));
  }

  static <T> io.grpc.stub.StreamObserver<T> observer(
      java.util.concurrent.CompletableFuture<T> first) {
    return new io.grpc.stub.StreamObserver<>() {
      @Override
      public void onNext(T value) {
        first.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        first.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  @Test
  void expiredDeadlineIsDeadlineExceeded() {
    var late =
        RecommenderGrpc.newBlockingStub(channel).withDeadlineAfter(-1, TimeUnit.MILLISECONDS);
    assertEquals(
        Status.Code.DEADLINE_EXCEEDED,
        code(() -> late.recommend(RecommendRequest.newBuilder().setUserId(1).setK(10).build())));
  }
}
