package dev.marquee.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.trainer.model.Interactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.EjmlParameters;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;

/**
 * EASE against its formula: by hand on two movies, and against an LU inverse (another EJML route)
 * on more.
 */
class EaseTest {
  /**
   * Interactions from per-user movie lists (ratings are irrelevant to EASE: every rating is a 1).
   */
  static Interactions of(int[][] history) {
    List<int[]> pairs = new ArrayList<>();
    for (int u = 0; u < history.length; u++) {
      for (int m : history[u]) {
        pairs.add(new int[] {u, m});
      }
    }
    int[] us = new int[pairs.size()], ms = new int[pairs.size()];
    float[] rs = new float[pairs.size()];
    for (int i = 0; i < us.length; i++) {
      us[i] = pairs.get(i)[0];
      ms[i] = pairs.get(i)[1];
      rs[i] = 1 + i % 5;
    }
    return new Interactions(us, ms, rs);
  }

  @Test
  void twoMoviesByHand() {
    // Users rated {0, 1}, {0}, {0}; lambda 1. G = X^T X + I = [[3+1, 1], [1, 1+1]] = [[4, 1], [1,
    // 2]], det 7,
    // P = G^-1 = [[2/7, -1/7], [-1/7, 4/7]]. B_01 = -P_01 / P_11 = (1/7) / (4/7) = 1/4,
    // B_10 = -P_10 / P_00 = (1/7) / (2/7) = 1/2, B_00 = B_11 = 0.
    Ease e = Ease.fit(of(new int[][] {{0, 1}, {0}, {0}}), 3, 2, 1.0);
    assertEquals(0f, e.weight(0, 0));
    assertEquals(0f, e.weight(1, 1));
    assertEquals(0.25f, e.weight(0, 1), 1e-6);
    assertEquals(0.5f, e.weight(1, 0), 1e-6);
    // User 1 rated movie 0 only: scores = row 0 of B.
    float[] out = new float[2];
    e.rank(1, out);
    assertArrayEquals(new float[] {0f, 0.25f}, out, 1e-6f);
    // User 0 rated both: scores = row 0 + row 1.
    e.rank(0, out);
    assertArrayEquals(new float[] {0.5f, 0.25f}, out, 1e-6f);
    assertFalse(e.predictsRatings());
    assertTrue(Float.isNaN(e.predict(0, 0)));
  }

  @Test
  void matchesAnLuInverseOnFourMovies() {
    int[][] h = {{0, 1, 2}, {1, 3}, {0, 3}, {2}, {0, 1, 2, 3}};
    assertMatchesFormula(h, 4, 2.5);
  }

  /**
   * ML-100K-sized catalogues take EJML's block Cholesky; force it on a small one to check that path
   * too.
   */
  @Test
  void blockCholeskyPathMatchesToo() {
    Random r = new Random(3);
    int users = 90, movies = 70;
    int[][] h = new int[users][];
    for (int u = 0; u < users; u++) {
      h[u] = r.ints(5 + r.nextInt(20), 0, movies).distinct().toArray();
    }
    int saved = EjmlParameters.SWITCH_BLOCK64_CHOLESKY;
    EjmlParameters.SWITCH_BLOCK64_CHOLESKY = 10;
    try {
      assertMatchesFormula(h, movies, 7.0);
    } finally {
      EjmlParameters.SWITCH_BLOCK64_CHOLESKY = saved;
    }
  }

  /**
   * B from G built by a dense X^T X and inverted by LU, against {@link Ease}'s sparse Gram and
   * Cholesky.
   */
  private static void assertMatchesFormula(int[][] h, int movies, double lambda) {
    FMatrixRMaj x = new FMatrixRMaj(h.length, movies);
    for (int u = 0; u < h.length; u++) {
      for (int m : h[u]) {
        x.set(u, m, 1f);
      }
    }
    FMatrixRMaj g = new FMatrixRMaj(movies, movies);
    CommonOps_FDRM.multTransA(x, x, g);
    for (int i = 0; i < movies; i++) {
      g.add(i, i, (float) lambda);
    }
    FMatrixRMaj p = new FMatrixRMaj(movies, movies);
    assertTrue(CommonOps_FDRM.invert(g, p)); // LU with pivoting
    Ease e = Ease.fit(of(h), h.length, movies, lambda);
    for (int i = 0; i < movies; i++) {
      for (int j = 0; j < movies; j++) {
        float expected = i == j ? 0f : -p.get(i, j) / p.get(j, j);
        assertEquals(expected, e.weight(i, j), 1e-5, "B[" + i + "][" + j + "]");
      }
    }
    // Scores are X_u B.
    float[] out = new float[movies];
    for (int u = 0; u < h.length; u++) {
      e.rank(u, out);
      for (int j = 0; j < movies; j++) {
        float s = 0;
        for (int i = 0; i < movies; i++) {
          s += x.get(u, i) * e.weight(i, j);
        }
        assertEquals(s, out[j], 1e-5, "score of user " + u + ", movie " + j);
      }
    }
  }

  @Test
  void duplicateRatingsCountOnce() {
    Ease once = Ease.fit(of(new int[][] {{0, 1}, {1, 2}}), 2, 3, 1.0);
    Ease twice = Ease.fit(of(new int[][] {{0, 1, 1}, {1, 2, 2}}), 2, 3, 1.0);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(once.weight(i, j), twice.weight(i, j));
      }
    }
  }

  @Test
  void badLambdaNamesTheValue() {
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class, () -> Ease.fit(of(new int[][] {{0}}), 1, 1, 0));
    assertTrue(ex.getMessage().contains("lambda=0.0"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Baselines.Settings(Double.NaN, 10));
    assertThrows(IllegalArgumentException.class, () -> new Baselines.Settings(500, -1));
  }

  @Test
  void skipsAboveTheLimitOrWithoutTheHeap() {
    assertNull(Ease.skipReason(1682, Ease.MAX_MOVIES, Long.MAX_VALUE));
    String limit = Ease.skipReason(62_423, Ease.MAX_MOVIES, Long.MAX_VALUE);
    assertTrue(
        limit.contains("62,423 movies")
            && limit.contains("20,000")
            && limit.contains("--ease-max-movies"),
        limit);
    // 1,682² floats x 3 is about 32 MiB.
    String heap = Ease.skipReason(1682, Ease.MAX_MOVIES, 16L << 20);
    assertTrue(heap.contains("32 MiB") && heap.contains("16 MiB is free"), heap);
  }
}
