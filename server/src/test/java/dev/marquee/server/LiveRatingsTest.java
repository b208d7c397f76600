package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.ModelArtifact;
import dev.marquee.core.Scoring;
import dev.marquee.core.events.EventLog;
import dev.marquee.core.events.RatingEvent;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RateMoviesRequest;
import dev.marquee.proto.v1.RateMoviesResponse;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.server.testing.InProcessGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RateMovies end to end on the in-process transport: validation, fold-in, retries, replay. */
class LiveRatingsTest {
  @TempDir Path tmp;

  private final InProcessGrpc grpc = new InProcessGrpc();
  private final List<String> reports = new ArrayList<>();
  private ModelArtifact model;
  private ServingStateHolder states;
  private LiveRatings live;
  private MarqueeServer server;
  private RecommenderGrpc.RecommenderBlockingStub stub;

  /** Serves the fixture with live ratings in {@code events} (null: off). */
  private void serve(Path events, boolean readOnly) throws Exception {
    if (model == null) {
      model = Fixtures.write(tmp.resolve("model"), Fixtures.generate(3, 60, 400, 16, true));
    }
    states = new ServingStateHolder();
    FoldIn foldIn = new FoldIn(1.0);
    live =
        events == null
            ? LiveRatings.off(states, foldIn)
            : LiveRatings.open(
                events, readOnly, EventLog.Options.defaults(), states, foldIn, reports::add);
    Callable<ServingState> loader =
        live.loader(new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT));
    states.swap(loader.call());
    server =
        new MarqueeServer(grpc.serverBuilder(), states, new Recommender(foldIn), List.of(), live)
            .start();
    stub = RecommenderGrpc.newBlockingStub(grpc.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    grpc.close();
    if (server != null) {
      server.stop(Duration.ofSeconds(1));
    }
    if (live != null) {
      live.close();
    }
    if (states != null) {
      states.close();
    }
  }

  private static RateMoviesRequest rate(long user, String requestId, float[][] ratings) {
    RateMoviesRequest.Builder b =
        RateMoviesRequest.newBuilder().setUserId(user).setRequestId(requestId);
    for (float[] r : ratings) {
      b.addRatings(ProfileRating.newBuilder().setMovieId((long) r[0]).setRating(r[1]));
    }
    return b.build();
  }

  private List<Long> top(long user, int k) {
    RecommendResponse r =
        stub.recommend(RecommendRequest.newBuilder().setUserId(user).setK(k).build());
    return r.getItemsList().stream().map(RecommendedMovie::getMovieId).toList();
  }

  private float actual(long user, long movie) {
    var p =
        stub.predictRatings(
                PredictRatingsRequest.newBuilder().setUserId(user).addMovieIds(movie).build())
            .getPredictions(0);
    return p.hasActualRating() ? p.getActualRating() : Float.NaN;
  }

  @Test
  void aRatedMovieIsSeenAtOnceAndPredictShowsTheActualRating() throws Exception {
    serve(tmp.resolve("events"), false);
    long x = top(42, 10).get(0);
    RateMoviesResponse ack = stub.rateMovies(rate(42, "r1", new float[][] {{x, 5}}));
    assertEquals(1, ack.getSeq());
    assertEquals(1, ack.getCount());
    assertFalse(ack.getDuplicate());
    assertFalse(top(42, 100).contains(x), "a rated movie is never recommended back");
    assertEquals(5f, actual(42, x));
    // Rating it again replaces the earlier rating.
    assertEquals(2, stub.rateMovies(rate(42, "r2", new float[][] {{x, 2}})).getSeq());
    assertEquals(2f, actual(42, x));
    assertEquals(1, states.peek().live().get(42).movies().length);
  }

  @Test
  void ratingsChosenToMoveTheTopTenMoveIt() throws Exception {
    serve(tmp.resolve("events"), false);
    // A taste direction d: love the 15 movies most along it, hate the 15 least.
    var e = model.embeddings();
    float[] d = new float[e.dim()];
    Random r = new Random(5);
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextGaussian();
    }
    Integer[] byD = IntStream.range(0, e.movieIds().length).boxed().toArray(Integer[]::new);
    Arrays.sort(byD, Comparator.comparingDouble(m -> -Scoring.dot(d, e.movieVectors()[m])));
    List<float[]> ratings = new ArrayList<>();
    for (int j = 0; j < 15; j++) {
      ratings.add(new float[] {e.movieIds()[byD[j]], 5});
      ratings.add(new float[] {e.movieIds()[byD[byD.length - 1 - j]], 1});
    }
    List<Long> before = top(42, 10);
    stub.rateMovies(rate(42, "taste", ratings.toArray(float[][]::new)));
    List<Long> after = top(42, 10);
    assertNotEquals(before, after);
    assertTrue(
        alongD(after, d) > alongD(before, d) + 0.1,
        "the new top 10 leans toward the loved direction: " + before + " -> " + after);
  }

  private double alongD(List<Long> movies, float[] d) {
    var e = model.embeddings();
    double s = 0;
    for (long id : movies) {
      int m =
          (int)
              IntStream.range(0, e.movieIds().length)
                  .filter(i -> e.movieIds()[i] == id)
                  .findFirst()
                  .orElseThrow();
      s += Scoring.dot(d, e.movieVectors()[m]) / Math.sqrt(Scoring.dot(d, d)) / movies.size();
    }
    return s;
  }

  @Test
  void aRetryWithTheSameRequestIdIsAppliedOnce() throws Exception {
    Path events = tmp.resolve("events");
    serve(events, false);
    RateMoviesResponse first = stub.rateMovies(rate(7, "same", new float[][] {{1, 4}}));
    RateMoviesResponse again = stub.rateMovies(rate(7, "same", new float[][] {{1, 4}}));
    assertEquals(first.getSeq(), again.getSeq());
    assertTrue(again.getDuplicate());
    assertEquals(1, live.lastSeq());
    // Also after a restart: the request ids come back from the log.
    stop();
    serve(events, false);
    assertTrue(stub.rateMovies(rate(7, "same", new float[][] {{1, 4}})).getDuplicate());
    assertEquals(2, stub.rateMovies(rate(7, "other", new float[][] {{1, 4}})).getSeq());
  }

  @Test
  void aNewUserIdIsCreated() throws Exception {
    serve(tmp.resolve("events"), false);
    long newUser = 100_000;
    assertTrue(
        stub.recommend(RecommendRequest.newBuilder().setUserId(newUser).setK(5).build())
            .getColdStart());
    assertEquals(
        Status.Code.NOT_FOUND,
        assertThrows(StatusRuntimeException.class, () -> actual(newUser, 1)).getStatus().getCode());
    stub.rateMovies(rate(newUser, "n1", new float[][] {{1, 5}, {2, 1}}));
    RecommendResponse r =
        stub.recommend(RecommendRequest.newBuilder().setUserId(newUser).setK(400).build());
    assertFalse(r.getColdStart());
    List<Long> ids = r.getItemsList().stream().map(RecommendedMovie::getMovieId).toList();
    assertFalse(ids.contains(1L) || ids.contains(2L), ids.toString());
    assertEquals(398, ids.size());
    assertEquals(1f, actual(newUser, 2));
  }

  @Test
  void badRatingsAreInvalidArgumentsNamingTheFieldAndNothingIsWritten() throws Exception {
    serve(tmp.resolve("events"), false);
    float[][] many = new float[1001][];
    for (int i = 0; i < many.length; i++) {
      many[i] = new float[] {1 + i % 400, 3};
    }
    List<Object[]> cases =
        List.of(
            new Object[] {rate(42, "a", new float[][] {{99999, 3}}), "ratings[0].movie_id=99999"},
            new Object[] {rate(42, "a", new float[][] {{1, 3}, {2, 6}}), "ratings[1].rating=6.0"},
            new Object[] {rate(42, "a", new float[][] {{1, 0.5f}}), "ratings[0].rating=0.5"},
            new Object[] {rate(42, "a", new float[][] {{1, Float.NaN}}), "ratings[0].rating=NaN"},
            new Object[] {rate(42, "a", new float[][] {}), "ratings=[]"},
            new Object[] {rate(42, "a", many), "ratings=1001 entries"},
            new Object[] {rate(42, "a", new float[][] {{1, 3}, {1, 4}}), "appears twice"},
            new Object[] {rate(0, "a", new float[][] {{1, 3}}), "user_id=0"},
            new Object[] {rate(42, "", new float[][] {{1, 3}}), "request_id=\"\""});
    for (Object[] c : cases) {
      StatusRuntimeException ex =
          assertThrows(
              StatusRuntimeException.class, () -> stub.rateMovies((RateMoviesRequest) c[0]));
      assertEquals(Status.Code.INVALID_ARGUMENT, ex.getStatus().getCode(), c[1].toString());
      assertTrue(
          ex.getStatus().getDescription().contains((String) c[1]), ex.getStatus().getDescription());
    }
    assertEquals(0, live.lastSeq());
    assertEquals(0, EventLog.read(tmp.resolve("events"), 0, e -> {}, line -> {}));
  }

  @Test
  void withoutALogOrReadOnlyRateMoviesIsAFailedPrecondition() throws Exception {
    serve(null, false);
    StatusRuntimeException off =
        assertThrows(
            StatusRuntimeException.class,
            () -> stub.rateMovies(rate(42, "a", new float[][] {{1, 3}})));
    assertEquals(Status.Code.FAILED_PRECONDITION, off.getStatus().getCode());
    assertTrue(off.getStatus().getDescription().contains("--events"), off.getMessage());
    stop();
    // Read-only replays what is there.
    Path events = tmp.resolve("events");
    try (EventLog log =
        EventLog.open(events, EventLog.Options.defaults(), new EventLog.Listener() {})) {
      log.append("x", 42, List.of(new RatingEvent.MovieRating(3, 5f)));
    }
    serve(events, true);
    StatusRuntimeException ro =
        assertThrows(
            StatusRuntimeException.class,
            () -> stub.rateMovies(rate(42, "a", new float[][] {{1, 3}})));
    assertEquals(Status.Code.FAILED_PRECONDITION, ro.getStatus().getCode());
    assertTrue(ro.getStatus().getDescription().contains("--read-only"), ro.getMessage());
    assertEquals(5f, actual(42, 3));
  }

  @Test
  void anUnwritableLogIsUnavailableAndRecommendGoesOn() throws Exception {
    Path notADir = Files.writeString(tmp.resolve("a-file"), "x");
    serve(notADir, false);
    StatusRuntimeException ex =
        assertThrows(
            StatusRuntimeException.class,
            () -> stub.rateMovies(rate(42, "a", new float[][] {{1, 3}})));
    assertEquals(Status.Code.UNAVAILABLE, ex.getStatus().getCode());
    assertTrue(ex.getStatus().getDescription().contains("nothing was recorded"), ex.getMessage());
    assertEquals(10, top(42, 10).size());
    stop();
    // A log that fails while serving: UNAVAILABLE, and nothing is applied.
    serve(tmp.resolve("events"), false);
    live.close();
    StatusRuntimeException closed =
        assertThrows(
            StatusRuntimeException.class,
            () -> stub.rateMovies(rate(42, "b", new float[][] {{1, 3}})));
    assertEquals(Status.Code.UNAVAILABLE, closed.getStatus().getCode());
    assertEquals(10, top(42, 10).size());
    assertEquals(null, states.peek().live().get(42), "nothing was applied");
  }

  @Test
  void ratingsSentWhileModelsReloadAllReachTheServedModel() throws Exception {
    serve(tmp.resolve("events"), false);
    Callable<ServingState> loader =
        live.loader(new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT));
    Reloader reloader = new Reloader(loader, states, reports::add);
    int writers = 4, each = 60;
    // user -> movie -> last acknowledged {seq, rating}
    java.util.Map<Long, java.util.Map<Long, float[]>> last =
        new java.util.concurrent.ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      long user = 10 + w; // one user per writer: its calls are ordered
      Random r = new Random(w);
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      long movie = 1 + r.nextInt(20);
                      float rating = 1 + r.nextInt(5);
                      RateMoviesResponse ack =
                          stub.rateMovies(
                              rate(user, user + "-" + i, new float[][] {{movie, rating}}));
                      last.computeIfAbsent(
                              user, u -> new java.util.concurrent.ConcurrentHashMap<>())
                          .put(movie, new float[] {ack.getSeq(), rating});
                    }
                  }));
    }
    int reloads = 0;
    while (threads.stream().anyMatch(Thread::isAlive)) {
      assertTrue(reloader.reload());
      reloads++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(reloads >= 2, "reloads while writing: " + reloads);
    for (var u : last.entrySet()) {
      for (var m : u.getValue().entrySet()) {
        assertEquals(m.getValue()[1], actual(u.getKey(), m.getKey()), u + " movie " + m.getKey());
      }
      assertEquals(u.getValue().size(), states.peek().live().get(u.getKey()).movies().length);
    }
  }

  @Test
  void aReloadedModelReplaysOnlyTheEventsItWasNotTrainedOn() throws Exception {
    Path events = tmp.resolve("events");
    serve(events, false);
    stub.rateMovies(rate(42, "one", new float[][] {{1, 5}}));
    stub.rateMovies(rate(42, "two", new float[][] {{2, 5}}));
    // A model "trained" on event 1: only event 2 is replayed onto it.
    ModelArtifact m = model;
    Fixtures.write(
        tmp.resolve("model"),
        new ModelArtifact(
            m.manifest().withEventsSeq(1), m.embeddings(), m.movies(), m.users(), m.ratings()));
    Callable<ServingState> loader =
        live.loader(new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT));
    new Reloader(loader, states, reports::add).reload();
    LiveUsers.LiveUser u = states.peek().live().get(42);
    assertEquals(1, u.movies().length);
    assertEquals(5f, actual(42, 2));
    // Ratings after the reload land on the new model.
    stub.rateMovies(rate(42, "three", new float[][] {{3, 4}}));
    assertEquals(4f, actual(42, 3));
    assertTrue(
        reports.stream().anyMatch(l -> l.contains("replayed 1 rating events after seq 1")),
        reports.toString());
  }
}
