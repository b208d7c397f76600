package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Manifest;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.MovieInfo;
import dev.marquee.core.RatingLog;
import dev.marquee.core.Scoring;
import dev.marquee.core.UserInfo;
import dev.marquee.indexer.IndexBuilder;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.server.testing.InProcessGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recommend orders by the ranking score u·m + c_m, not by the rating logit u·m + b_u + b_m, on a
 * hand-made model where the two orders are exact opposites, through both retrieval paths and the
 * wire; predicted_rating still comes from the rating logit.
 */
class RankingTest {
  @TempDir Path tmp;

  /** Movie ids 1..6, m = [x ; 0]: the rating logit falls with the id, the ranking score rises. */
  static final float[] X = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};

  static final float[] B = {1.0f, 0.8f, 0.6f, 0.4f, 0.2f, 0.0f};
  static final float[] C = {-1.0f, -0.6f, -0.2f, 0.2f, 0.6f, 1.0f};
  static final float[] U = {1f, 0f};
  static final float BU = 0.3f;

  /**
   * Two users with u = [1 ; 0]; user 2 rated movie 3 (so user 1 sees all six), no feature tables.
   */
  static ModelArtifact opposites() {
    int n = X.length;
    long[] movieIds = new long[n];
    float[][] mv = new float[n][];
    List<MovieInfo> infos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      movieIds[i] = i + 1;
      mv[i] = new float[] {X[i], 0f};
      infos.add(new MovieInfo(i + 1, "Movie " + (i + 1), 1990 + i, List.of("Drama")));
    }
    Embeddings e =
        new Embeddings(
            2,
            new long[] {1, 2},
            new float[][] {U.clone(), U.clone()},
            new float[] {BU, BU},
            movieIds,
            mv,
            B.clone(),
            C.clone(),
            List.of());
    List<UserInfo> users =
        List.of(new UserInfo(1, 30, "F", "writer"), new UserInfo(2, 40, "M", "other"));
    Manifest draft =
        Manifest.draft("opposites", "hand-made", "none", "none", 1f, 5f, 1f, 5f, null, Map.of());
    return new ModelArtifact(
        draft, e, infos, users, RatingLog.of(2, new int[] {1}, new int[] {2}, new float[] {5f}));
  }

  @Test
  void recommendFollowsTheRankingScoreNotTheRatingScore() throws Exception {
    ModelArtifact model = Fixtures.write(tmp.resolve("model"), opposites());
    Embeddings e = model.embeddings();
    // The fixture really separates the two scores: the rating order is 1..6, the ranking order
    // 6..1.
    for (int i = 1; i < X.length; i++) {
      assertTrue(
          Scoring.score(U, BU, e.movieVectors()[i - 1], B[i - 1])
              > Scoring.score(U, BU, e.movieVectors()[i], B[i]));
      assertTrue(
          Scoring.retrievalScore(U, e.movieVectors()[i], C[i])
              > Scoring.retrievalScore(U, e.movieVectors()[i - 1], C[i - 1]));
    }
    IndexBuilder.build(
        tmp.resolve("model"), tmp.resolve("index"), IndexBuilder.Options.defaults().withThreads(1));
    for (RetrievalOptions o : List.of(RetrievalOptions.EXACT, RetrievalOptions.HNSW)) {
      ServingStateHolder states =
          new ServingStateHolder(
              new PairLoader(tmp.resolve("model"), tmp.resolve("index"), o).call());
      InProcessGrpc grpc = new InProcessGrpc();
      MarqueeServer server =
          new MarqueeServer(grpc.serverBuilder(), states, new Recommender(new FoldIn(1)), List.of())
              .start();
      server.setServing(true);
      try {
        var stub =
            RecommenderGrpc.newBlockingStub(grpc.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
        assertEquals(o.exact() ? "exact" : "hnsw", states.peek().indexParams().get("retrieval"));

        RecommendResponse r =
            stub.recommend(RecommendRequest.newBuilder().setUserId(1).setK(6).build());
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), ids(r), o.toString());
        for (RecommendedMovie m : r.getItemsList()) {
          int i = (int) m.getMovieId() - 1;
          assertEquals(
              Scoring.retrievalScore(U, e.movieVectors()[i], C[i]),
              m.getScore(),
              0f,
              "score of movie " + m.getMovieId());
          assertEquals(
              Scoring.predictedRating(Scoring.score(U, BU, e.movieVectors()[i], B[i]), 1f, 5f),
              m.getPredictedRating(),
              0f,
              "predicted_rating of movie " + m.getMovieId());
        }
        // Best first by score, while predicted ratings rise down the list: the two heads disagree
        // here.
        for (int j = 1; j < r.getItemsCount(); j++) {
          assertTrue(r.getItems(j - 1).getScore() > r.getItems(j).getScore());
          assertTrue(r.getItems(j - 1).getPredictedRating() < r.getItems(j).getPredictedRating());
        }

        // Seen movies are still left out (user 2 rated movie 3), the rest keep the ranking order.
        assertEquals(
            List.of(6L, 5L, 4L, 2L, 1L),
            ids(stub.recommend(RecommendRequest.newBuilder().setUserId(2).setK(6).build())));

        // No user vector and no features: popularity, the ranking score of a zero vector, i.e. c_m.
        RecommendResponse p =
            stub.recommend(RecommendRequest.newBuilder().setUserId(99).setK(3).build());
        assertTrue(p.getColdStart());
        assertEquals(List.of(6L, 5L, 4L), ids(p));
        for (RecommendedMovie m : p.getItemsList()) {
          int i = (int) m.getMovieId() - 1;
          assertEquals(C[i], m.getScore(), 0f);
          assertEquals(Scoring.predictedRating(B[i], 1f, 5f), m.getPredictedRating(), 0f);
        }
      } finally {
        grpc.close();
        server.stop(Duration.ofSeconds(1));
        states.close();
      }
    }
  }

  @Test
  void onTheSyntheticModelTheRankingAndRatingOrdersDiffer() throws Exception {
    // The fixture every server test uses must tell the two orders apart, or its oracles prove
    // nothing.
    ModelArtifact model = Fixtures.write(tmp.resolve("m"), Fixtures.ml100kShape(7, true));
    ServingState s = new PairLoader(tmp.resolve("m"), null, RetrievalOptions.EXACT).call();
    try {
      Embeddings e = model.embeddings();
      Recommender rec = new Recommender(new FoldIn(1));
      int differ = 0, users = 0;
      for (int u = 0; u < e.userIds().length; u += 10) {
        users++;
        List<Long> got =
            rec.recommend(s, e.userIds()[u], 10, true, MovieFilterSpec.NONE).items().stream()
                .map(it -> e.movieIds()[it.movie()])
                .toList();
        assertEquals(
            Oracle.topK(model, e.userVectors()[u], 10, java.util.Set.of(), List.of(), 0, 0),
            got,
            "user " + u);
        final int user = u;
        List<Long> byRating =
            java.util.stream.IntStream.range(0, e.movieIds().length)
                .boxed()
                .sorted(
                    Comparator.<Integer>comparingDouble(
                            i ->
                                -Scoring.score(
                                    e.userVectors()[user],
                                    e.userBias()[user],
                                    e.movieVectors()[i],
                                    e.movieBias()[i]))
                        .thenComparingLong(i -> e.movieIds()[i]))
                .limit(10)
                .map(i -> e.movieIds()[i])
                .toList();
        differ += got.equals(byRating) ? 0 : 1;
      }
      assertEquals(users, differ, "every sampled user's top 10 differs between the two scores");
      assertNotEquals(0, users);
    } finally {
      s.close();
    }
  }

  static List<Long> ids(RecommendResponse r) {
    return r.getItemsList().stream().map(RecommendedMovie::getMovieId).toList();
  }
}
