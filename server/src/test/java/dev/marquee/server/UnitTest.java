package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.marquee.core.Features;
import dev.marquee.core.Scoring;
import dev.marquee.core.TopK;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** TopK, FoldIn and IdIndex against plain oracles, with printed seeds. */
class UnitTest {
  @Test
  void topKMatchesSorting() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(300);
      long[] ids = r.longs(n, 0, 1000).distinct().toArray();
      n = ids.length;
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        scores[i] = r.nextInt(20) / 4f; // many ties
      }
      int k = 1 + r.nextInt(n + 5);
      TopK top = new TopK(Math.min(k, n), ids);
      for (int i = 0; i < n; i++) {
        top.offer(i, scores[i]);
      }
      int[] want =
          IntStream.range(0, n)
              .boxed()
              .sorted(
                  Comparator.<Integer>comparingDouble(i -> -scores[i])
                      .thenComparingLong(i -> ids[i]))
              .limit(k)
              .mapToInt(Integer::intValue)
              .toArray();
      float[] got = new float[top.size()];
      assertArrayEquals(want, top.drainBestFirst(got), "seed " + seed + " trial " + trial);
      for (int j = 0; j < want.length; j++) {
        assertEquals(
            scores[want[j]], got[j], "score of rank " + j + ", seed " + seed + " trial " + trial);
      }
    }
  }

  @Test
  void foldInRecoversAUserFromItsOwnPredictions() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int d = 16, movies = 300;
    float[][] mv = new float[movies][d];
    float[] mb = new float[movies];
    for (int i = 0; i < movies; i++) {
      for (int j = 0; j < d; j++) {
        mv[i][j] = (float) r.nextGaussian();
      }
      mb[i] = (float) (0.3 * r.nextGaussian());
    }
    float[] u = new float[d];
    for (int j = 0; j < d; j++) {
      u[j] = (float) (0.2 * r.nextGaussian());
    }
    float bu = 0.1f;
    // Ratings the model itself predicts, away from the ends of the range (FoldIn clamps there).
    int[] rated =
        IntStream.range(0, movies)
            .filter(j -> Math.abs(Scoring.score(u, bu, mv[j], mb[j])) < 3)
            .limit(200)
            .toArray();
    float[] ratings = new float[rated.length];
    for (int j = 0; j < rated.length; j++) {
      ratings[j] =
          Scoring.predictedRating(Scoring.score(u, bu, mv[rated[j]], mb[rated[j]]), 0.5f, 5.5f);
    }
    Features.Vector w =
        new FoldIn(1e-4).solve(mv, mb, rated, ratings, 0.5f, 5.5f, new float[d], 0f);
    for (int j = 0; j < d; j++) {
      assertEquals(u[j], w.vector()[j], 2e-3, "seed " + seed + " dim " + j);
    }
    assertEquals(bu, w.bias(), 2e-3, "seed " + seed);
    // Strong regularisation stays at the prior; no ratings is exactly the prior.
    float[] prior = new float[d];
    prior[0] = 1f;
    Features.Vector p =
        new FoldIn(1.0).solve(mv, mb, new int[0], new float[0], 1f, 5f, prior, 0.5f);
    assertArrayEquals(prior, p.vector(), 1e-6f);
    assertEquals(0.5f, p.bias(), 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> new FoldIn(0));
  }

  @Test
  void idIndexFindsUnsortedIds() {
    IdIndex idx = IdIndex.of(new long[] {50, 3, 900, 7}, "movie");
    assertEquals(0, idx.indexOf(50));
    assertEquals(3, idx.indexOf(7));
    assertEquals(2, idx.indexOf(900));
    assertEquals(-1, idx.indexOf(8));
    assertThrows(IllegalArgumentException.class, () -> IdIndex.of(new long[] {3, 1, 3}, "movie"));
  }

  @Test
  void retrievalOptionsValidated() {
    assertEquals(100, RetrievalOptions.HNSW.numCandidates(10));
    assertEquals(4000, RetrievalOptions.HNSW.numCandidates(1000));
    var ex =
        assertThrows(IllegalArgumentException.class, () -> new RetrievalOptions(false, 0, 100, 0));
    assertEquals("oversample must be in [1, 100]; oversample=0", ex.getMessage());
  }

  @Test
  void rateLimitedLogWritesOneLinePerIntervalAndCountsTheRest() {
    java.util.List<String> lines = new java.util.ArrayList<>();
    long[] now = {0};
    RateLimitedLog log = new RateLimitedLog(lines::add, 1000, () -> now[0]);
    log.accept("a");
    now[0] = 500;
    log.accept("b");
    log.accept("c");
    now[0] = 1000;
    log.accept("d");
    now[0] = 1999;
    log.accept("e");
    assertEquals(java.util.List.of("a", "d (and 2 more like it since the last)"), lines);
  }
}
