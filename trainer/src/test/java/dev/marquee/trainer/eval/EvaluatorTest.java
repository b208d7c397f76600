package dev.marquee.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.trainer.model.Interactions;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Hand-checkable ranking and rating metrics. */
class EvaluatorTest {
  @Test
  void topKBreaksTiesByLowestIndexAndSkipsSeen() {
    float[] s = {1, 3, 3, 2, 5, 3};
    assertArrayEquals(new int[] {1, 2, 5}, Evaluator.topK(s, new int[] {4}, 3));
    assertArrayEquals(new int[] {2, 3, 0}, Evaluator.topK(s, new int[] {1, 4, 5}, 3));
    assertArrayEquals(new int[] {4, 1, 2, 5, 3, 0}, Evaluator.topK(s, new int[0], 10));
  }

  @Test
  void metricsOnATinyCase() {
    // 1 user, 12 movies; trained on movie 0; valid: movie 1 (5 stars, relevant), movie 2 (2 stars).
    Interactions train = new Interactions(new int[] {0}, new int[] {0}, new float[] {4});
    Interactions valid = new Interactions(new int[] {0, 0}, new int[] {1, 2}, new float[] {5, 2});
    Scorer s =
        scorer(
            4,
            (u, out) -> {
              for (int m = 0; m < out.length; m++) {
                out[m] = m == 1 ? 0.5f : 1f; // movie 1 ranks after all 10 others but movie 0 (seen)
              }
            });
    Metrics m = new Evaluator(train, valid, 1, 12).evaluate(s);
    assertEquals((1 + 4) / 2.0, m.mse(), 1e-12);
    assertEquals((1 + 2) / 2.0, m.mae(), 1e-12);
    assertEquals(1, m.rankedUsers());
    assertEquals(0.0, m.recallAt10(), 1e-12); // movie 1 is 11th of 11 candidates
    assertEquals(10 / 12.0, m.coverageAt10(), 1e-12);
  }

  @Test
  void popularityRanksByTrainingCountThenMovieIndex() {
    // Training counts: movie 0: 1, movies 1 and 2: 2 each, movie 3: 0, movie 4: 2.
    Interactions train =
        new Interactions(
            new int[] {0, 1, 2, 1, 2, 0, 2},
            new int[] {0, 1, 1, 2, 2, 4, 4},
            new float[] {1, 2, 3, 4, 5, 1, 2});
    Scorer pop = Baselines.popularity(train, 5);
    float[] scores = new float[5];
    pop.rank(0, scores);
    assertArrayEquals(
        new int[] {1, 2, 4, 0, 3},
        Evaluator.topK(scores, new int[0], 5)); // the three 2s by index, then 1, then 0
    assertFalse(pop.predictsRatings());
    // A ranking-only predictor has no rating metrics (NaN), but still ranking ones.
    Interactions valid = new Interactions(new int[] {3}, new int[] {1}, new float[] {5});
    Metrics m = new Evaluator(train, valid, 4, 5).evaluate(pop);
    assertTrue(Double.isNaN(m.mse()) && Double.isNaN(m.rmse()) && Double.isNaN(m.mae()));
    assertFalse(m.hasRatings());
    assertEquals(1.0, m.recallAt10(), 1e-12); // user 3 rated nothing in training: movie 1 is first
    assertEquals(1.0, m.ndcgAt10(), 1e-12);
    Map<String, Object> json = m.toJson("");
    assertNull(json.get("valid_rmse"));
    assertTrue(json.containsKey("valid_rmse"));
    assertEquals(1.0, json.get("recall_at_10"));
    Map<String, Double> manifest = m.toDefinedMap("popularity_");
    assertFalse(manifest.containsKey("popularity_valid_rmse"));
    assertEquals(1.0, manifest.get("popularity_recall_at_10"));
  }

  @Test
  void popularityPercentilesShareTiesAndTopAt100() {
    // Counts: movie 0: 1, movie 1: 2, movie 2: 2, movie 3: 0 -> at most as many ratings: 2, 4, 4, 1
    // of 4 movies.
    Interactions train =
        new Interactions(
            new int[] {0, 0, 1, 0, 1}, new int[] {0, 1, 1, 2, 2}, new float[] {1, 1, 1, 1, 1});
    assertArrayEquals(
        new double[] {50, 100, 100, 25}, Evaluator.popularityPercentiles(train, 4), 1e-12);
  }

  @Test
  void rankingMetricsAt10And20ByHand() {
    // 2 users, 25 movies. Training: user 0 rated movie 0; user 1 rated movies 0 and 1.
    // Validation: user 0: movie 2 (5 stars) and 15 (4 stars) relevant, movie 3 (2 stars) not; user
    // 1: movie 24 (4 stars).
    Interactions train =
        new Interactions(new int[] {0, 1, 1}, new int[] {0, 0, 1}, new float[] {3, 5, 2});
    Interactions valid =
        new Interactions(
            new int[] {0, 0, 0, 1}, new int[] {2, 15, 3, 24}, new float[] {5, 4, 2, 4});
    Scorer byIndex =
        scorer(
            3,
            (u, out) -> {
              for (int m = 0; m < out.length; m++) {
                out[m] = -m; // lower index first
              }
            });
    Metrics m = new Evaluator(train, valid, 2, 25).evaluate(byIndex);
    // User 0 ranks 1, 2, ..., 24: movie 2 is 2nd (position 1), movie 15 is 15th (position 14).
    //   recall@10 = 1/2, recall@20 = 2/2; DCG@10 = 1/log2(3); DCG@20 = 1/log2(3) + 1/log2(16) =
    // 1/log2(3) + 1/4;
    //   ideal DCG (2 relevant) = 1 + 1/log2(3) for both cutoffs.
    // User 1 ranks 2, ..., 24: movie 24 is 23rd, outside both lists: all zero.
    double l3 = 1 / (Math.log(3) / Math.log(2)); // 0.63093
    assertEquals(2, m.rankedUsers());
    assertEquals(0.25, m.recallAt10(), 1e-12);
    assertEquals(0.5, m.recallAt20(), 1e-12);
    assertEquals(0.5 * l3 / (1 + l3), m.ndcgAt10(), 1e-12); // 0.19343
    assertEquals(0.5 * (l3 + 0.25) / (1 + l3), m.ndcgAt20(), 1e-12); // 0.27007
    assertEquals(0.5, m.hitRateAt10(), 1e-12); // user 0 has a hit in the top 10, user 1 none
    // Top 10s: 1..10 and 2..11, so 11 distinct movies of 25.
    assertEquals(11 / 25.0, m.coverageAt10(), 1e-12);
    // Training counts: movie 0: 2, movie 1: 1, the 23 others 0 -> percentiles 100, 96, 92 (23/25).
    // Slots: user 0 has movie 1 (96) and nine at 92; user 1 ten at 92: (96 + 19 * 92) / 20 = 92.2.
    assertEquals(92.2, m.popularityPercentileAt10(), 1e-9);
    assertTrue(m.hasRatings());
  }

  @Test
  void theFiguresDoNotDependOnTheNumberOfThreads() throws Exception {
    // 1,000 users (four blocks; about half with a relevant movie), 300 movies, a random score per
    // user and movie.
    SplittableRandom rnd = new SplittableRandom(7);
    int users = 1000, movies = 300, n = 20_000;
    int[] u = new int[n], m = new int[n];
    float[] r = new float[n];
    for (int i = 0; i < n; i++) {
      u[i] = rnd.nextInt(users);
      m[i] = rnd.nextInt(movies);
      r[i] = 1 + rnd.nextInt(5);
    }
    int cut = n * 9 / 10;
    Interactions train =
        new Interactions(
            java.util.Arrays.copyOf(u, cut),
            java.util.Arrays.copyOf(m, cut),
            java.util.Arrays.copyOf(r, cut));
    Interactions valid =
        new Interactions(
            java.util.Arrays.copyOfRange(u, cut, n),
            java.util.Arrays.copyOfRange(m, cut, n),
            java.util.Arrays.copyOfRange(r, cut, n));
    Scorer noisy =
        scorer(
            3,
            (user, out) -> {
              SplittableRandom own = new SplittableRandom(user);
              for (int j = 0; j < out.length; j++) {
                out[j] = (float) own.nextDouble();
              }
            });
    Evaluator ev = new Evaluator(train, valid, users, movies);
    Metrics one, four;
    ForkJoinPool single = new ForkJoinPool(1), wide = new ForkJoinPool(4);
    try {
      one = single.submit(() -> ev.evaluate(noisy)).get();
      four = wide.submit(() -> ev.evaluate(noisy)).get();
    } finally {
      single.shutdown();
      wide.shutdown();
    }
    assertTrue(one.rankedUsers() > 400, "users ranked: " + one.rankedUsers());
    assertTrue(one.recallAt10() > 0, "recall@10 " + one.recallAt10());
    assertEquals(one, four);
  }

  /** A scorer that predicts {@code rating} for every pair and ranks by {@code rank}. */
  private static Scorer scorer(float rating, BiConsumer<Integer, float[]> rank) {
    return new Scorer() {
      @Override
      public float predict(int u, int m) {
        return rating;
      }

      @Override
      public void rank(int u, float[] out) {
        rank.accept(u, out);
      }
    };
  }
}
