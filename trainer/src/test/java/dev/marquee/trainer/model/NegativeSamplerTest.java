package dev.marquee.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sampled softmax's candidates: accidental-hit mask, popularity sampling and the logQ correction. */
class NegativeSamplerTest {
  @Test
  void hitMaskIsLargeNegativeExactlyOnAccidentalHits() {
    int[] batch = {3, 5, 3, 7};
    int[] cand = {3, 5, 3, 7, 3, 9, 5, 8};
    float[] mask = NegativeSampler.hitMask(batch, cand);
    assertEquals(batch.length * cand.length, mask.length);
    // Row i: columns holding batch[i] other than column i itself.
    int[][] hits = {{2, 4}, {6}, {0, 4}, {}};
    for (int i = 0; i < batch.length; i++) {
      for (int j = 0; j < cand.length; j++) {
        boolean hit = false;
        for (int h : hits[i]) {
          hit |= h == j;
        }
        float v = mask[i * cand.length + j];
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
      int[] cand = s.candidates(batch, 1 + r.nextInt(10), r);
      float[] mask = NegativeSampler.hitMask(batch, cand);
      for (int i = 0; i < batch.length; i++) {
        assertEquals(0f, mask[i * cand.length + i], "the positive column is never masked");
        for (int j = 0; j < cand.length; j++) {
          boolean hit = j != i && cand[j] == batch[i];
          hits += hit ? 1 : 0;
          assertEquals(hit, mask[i * cand.length + j] <= -1e6f, "trial " + trial + " row " + i + " column " + j);
        }
      }
    }
    assertTrue(hits > 0, "the trials had accidental hits to mask");
  }

  @Test
  void candidatesAreTheBatchThenPopularityDraws() {
    // Movie 0: 1000 ratings, movie 1: 100, movie 2: none, movie 3: 500.
    NegativeSampler s = NegativeSampler.of(log(new int[] {1000, 100, 0, 500}), 4);
    int[] batch = {2, 1, 1};
    int negatives = 160_000;
    int[] cand = s.candidates(batch, negatives, new Random(11));
    assertEquals(batch.length + negatives, cand.length);
    assertArrayEquals(batch, java.util.Arrays.copyOf(cand, batch.length));
    int[] drawn = new int[4];
    for (int j = batch.length; j < cand.length; j++) {
      drawn[cand[j]]++;
    }
    assertEquals(0, drawn[2], "a movie without training ratings is never drawn");
    double ratio = (double) drawn[0] / drawn[1];
    assertTrue(ratio > 9 && ratio < 11, "10x the ratings, drawn " + ratio + "x as often: " + java.util.Arrays.toString(drawn));
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

  /** A shuffled training log with counts[m] ratings of movie m (users and ratings are irrelevant here). */
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
