package dev.marquee.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sampled softmax's negatives: accidental-hit mask, popularity sampling and the logQ
 * correction.
 */
class NegativeSamplerTest {
  @Test
  void hitMaskIsLargeNegativeExactlyOnAccidentalHits() {
    int[] batch = {3, 5, 3, 7};
    int[] negatives = {3, 9, 5, 8, 3};
    float[] mask = NegativeSampler.hitMask(batch, negatives);
    assertEquals(batch.length * negatives.length, mask.length);
    // Row i: the negatives that are row i's own movie.
    int[][] hits = {{0, 4}, {2}, {0, 4}, {}};
    for (int i = 0; i < batch.length; i++) {
      for (int j = 0; j < negatives.length; j++) {
        boolean hit = false;
        for (int h : hits[i]) {
          hit |= h == j;
        }
        float v = mask[i * negatives.length + j];
        if (hit) {
          assertTrue(v <= -1e6f, "row " + i + " column " + j + ": " + v);
        } else {
          assertEquals(0f, v, "row " + i + " column " + j);
        }
      }
    }
  }

  @Test
  void hitMaskOnRandomBatchesFollowsTheDefinition() {
    Random r = new Random(3);
    NegativeSampler s = NegativeSampler.of(log(new int[] {5, 1, 3, 2, 8, 1}), 6);
    int hits = 0;
    for (int trial = 0; trial < 20; trial++) {
      int[] batch = new int[1 + r.nextInt(10)];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = r.nextInt(6);
      }
      int[] negatives = s.sample(1 + r.nextInt(10), r);
      float[] mask = NegativeSampler.hitMask(batch, negatives);
      for (int i = 0; i < batch.length; i++) {
        for (int j = 0; j < negatives.length; j++) {
          boolean hit = negatives[j] == batch[i];
          hits += hit ? 1 : 0;
          assertEquals(
              hit,
              mask[i * negatives.length + j] <= -1e6f,
              "trial " + trial + " row " + i + " column " + j);
        }
      }
    }
    assertTrue(hits > 0, "the trials had accidental hits to mask");
  }

  @Test
  void negativesAreDrawnByPopularity() {
    // Movie 0: 1000 ratings, movie 1: 100, movie 2: none, movie 3: 500.
    NegativeSampler s = NegativeSampler.of(log(new int[] {1000, 100, 0, 500}), 4);
    int n = 160_000;
    int[] negatives = s.sample(n, new Random(11));
    assertEquals(n, negatives.length);
    int[] drawn = new int[4];
    for (int m : negatives) {
      drawn[m]++;
    }
    assertEquals(0, drawn[2], "a movie without training ratings is never drawn");
    double ratio = (double) drawn[0] / drawn[1];
    assertTrue(
        ratio > 9 && ratio < 11,
        "10x the ratings, drawn " + ratio + "x as often: " + java.util.Arrays.toString(drawn));
    double half = (double) drawn[3] / drawn[0];
    assertTrue(half > 0.45 && half < 0.55, "half the ratings, drawn " + half + "x as often");
  }

  @Test
  void logProbabilityIsTheLogOfTheTrainingShare() {
    int[] counts = {1000, 100, 0, 500, 1};
    NegativeSampler s = NegativeSampler.of(log(counts), counts.length);
    int n = 1601;
    int[] cand = {4, 0, 3, 1, 0, 2};
    float[] lq = s.logProbability(cand);
    assertEquals(cand.length, lq.length);
    for (int j = 0; j < cand.length; j++) {
      int c = counts[cand[j]];
      if (c == 0) {
        assertTrue(Float.isFinite(lq[j]), "finite for an unrated movie: " + lq[j]);
      } else {
        assertEquals(Math.log((double) c / n), lq[j], 1e-6, "movie " + cand[j]);
      }
    }
  }

  /**
   * A shuffled training log with counts[m] ratings of movie m (users and ratings are irrelevant
   * here).
   */
  private static Interactions log(int[] counts) {
    int n = 0;
    for (int c : counts) {
      n += c;
    }
    int[] movie = new int[n];
    int k = 0;
    for (int m = 0; m < counts.length; m++) {
      for (int i = 0; i < counts[m]; i++) {
        movie[k++] = m;
      }
    }
    Random r = new Random(1);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = movie[i];
      movie[i] = movie[j];
      movie[j] = t;
    }
    return new Interactions(new int[n], movie, new float[n]);
  }
}
