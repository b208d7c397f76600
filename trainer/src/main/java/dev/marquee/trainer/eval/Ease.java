package dev.marquee.trainer.eval;

import dev.marquee.trainer.model.Interactions;
import dev.marquee.trainer.model.UserHistory;
import java.util.Arrays;
import java.util.Locale;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019), the closed-form
 * item-item top-N baseline: with X the binary user x movie training matrix, G = X^T X + lambda I, P
 * = G^-1 and B = I - P / diag(P) column-wise (B_ij = -P_ij / P_jj, B_jj = 0), a user's scores are
 * X_u B, the sum of the B rows of the movies the user rated in training. It ranks only: its scores
 * are not ratings.
 *
 * <p>G is symmetric positive definite (lambda > 0), so it is inverted through EJML's Cholesky
 * solver rather than a general LU. Everything is float: the movies x movies matrices are the whole
 * cost (about 3 of them at the peak: the solver's copy, its workspace and P) and float halves it;
 * on ML-100K u1 a double fit gives the same metrics to 5 decimals (B differs by at most 1.4e-7).
 */
public final class Ease implements Scorer {
  /**
   * Default L2 weight: the best of 100/300/500 on the ML-100K u1..u5 splits (shared notes,
   * topn.md).
   */
  public static final double LAMBDA = 500;

  /**
   * Default largest catalogue. The cost is cubic: ML-100K's 1,682 movies fit in about 2 s and 3,706
   * (ML-1M's size) in about 18 s on one core here, so 20,000 movies would take the better part of
   * an hour and about 4.8 GB of heap at the peak; lower it with {@code --ease-max-movies}.
   */
  public static final int MAX_MOVIES = 20_000;

  /** The largest catalogue whose movies x movies matrix a Java array can hold (46,340² < 2³¹). */
  public static final int HARD_MAX_MOVIES = 46_340;

  /** Movies x movies float matrices alive at once while fitting (see the class comment). */
  static final int PEAK_MATRICES = 3;

  private final int movies;
  private final float[] b;
  private final UserHistory history;

  private Ease(int movies, float[] b, UserHistory history) {
    this.movies = movies;
    this.b = b;
    this.history = history;
  }

  /** {@link #skipReason(int, int, long)} with the heap this JVM has left. */
  public static String skipReason(int movies, int maxMovies, Runtime rt) {
    return skipReason(movies, maxMovies, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
  }

  /**
   * Why EASE should not be fitted on {@code movies} movies, or null when it can: the catalogue is
   * above {@code maxMovies}, or its matrices would not fit in {@code free} bytes of heap (better a
   * skipped baseline than a run that dies of OutOfMemoryError after training, before the model is
   * written).
   */
  static String skipReason(int movies, int maxMovies, long free) {
    if (movies > maxMovies) {
      return String.format(
          Locale.ROOT,
          "%,d movies is above the limit of %,d (--ease-max-movies): its dense movies x movies inverse "
              + "would need about %,d MiB and time growing with the cube of the catalogue",
          movies,
          maxMovies,
          peakBytes(movies) >> 20);
    }
    if (peakBytes(movies) > free) {
      return String.format(
          Locale.ROOT,
          "its %,d x %,d matrices need about %,d MiB of heap and %,d MiB is free (raise -Xmx, "
              + "e.g. in MARQUEE_JAVA_OPTS)",
          movies,
          movies,
          peakBytes(movies) >> 20,
          free >> 20);
    }
    return null;
  }

  /** Heap the fit needs at its peak, in bytes. */
  static long peakBytes(int movies) {
    return PEAK_MATRICES * (long) movies * movies * Float.BYTES;
  }

  /**
   * Fits B on the training ratings (every rating counts as 1, whatever its value).
   *
   * @throws IllegalArgumentException if lambda is not a positive number or the catalogue is above
   *     {@link #HARD_MAX_MOVIES}
   */
  public static Ease fit(Interactions train, int users, int movies, double lambda) {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("EASE lambda must be a positive number; lambda=" + lambda);
    }
    if (movies > HARD_MAX_MOVIES) {
      throw new IllegalArgumentException(
          "EASE needs a movies x movies array; movies=" + movies + " is above " + HARD_MAX_MOVIES);
    }
    UserHistory history = UserHistory.of(train, users);
    FMatrixRMaj g = gram(history, movies, (float) lambda);
    LinearSolverDense<FMatrixRMaj> chol = LinearSolverFactory_FDRM.chol(movies);
    if (!chol.setA(g)) {
      throw new IllegalStateException(
          "EASE: X^T X + lambda I is not positive definite; lambda=" + lambda);
    }
    // From here the solver holds what it needs (its own block copy, or g decomposed in place).
    g = null;
    FMatrixRMaj p = new FMatrixRMaj(movies, movies);
    chol.invert(p);
    chol = null;
    float[] b = p.data;
    float[] diag = new float[movies];
    for (int j = 0; j < movies; j++) {
      diag[j] = b[j * movies + j];
    }
    for (int i = 0; i < movies; i++) {
      int row = i * movies;
      for (int j = 0; j < movies; j++) {
        b[row + j] = i == j ? 0f : -b[row + j] / diag[j];
      }
    }
    return new Ease(movies, b, history);
  }

  /** B_ij: how much having rated movie i raises movie j's score. */
  public float weight(int i, int j) {
    return b[i * movies + j];
  }

  @Override
  public float predict(int u, int m) {
    return Float.NaN;
  }

  @Override
  public boolean predictsRatings() {
    return false;
  }

  /** X_u B: the sum of the B rows of the user's training movies, in ascending movie order. */
  @Override
  public void rank(int u, float[] out) {
    Arrays.fill(out, 0f);
    for (int j = history.offsets()[u]; j < history.offsets()[u + 1]; j++) {
      int row = history.movies()[j] * movies;
      for (int m = 0; m < movies; m++) {
        out[m] += b[row + m];
      }
    }
  }

  /**
   * X^T X + lambda I from the histories: each user adds 1 to every pair of their movies (upper
   * triangle, then mirrored), so the cost is the sum of squared history lengths, not users x
   * movies. Counts are exact in float up to 2²⁴ users.
   */
  static FMatrixRMaj gram(UserHistory history, int movies, float lambda) {
    FMatrixRMaj g = new FMatrixRMaj(movies, movies);
    float[] d = g.data;
    int[] items = history.movies();
    for (int u = 0; u < history.users(); u++) {
      int to = history.offsets()[u + 1];
      for (int a = history.offsets()[u]; a < to; a++) {
        int row = items[a] * movies;
        for (int c = a; c < to; c++) {
          d[row + items[c]] += 1f;
        }
      }
    }
    for (int i = 0; i < movies; i++) {
      for (int j = i + 1; j < movies; j++) {
        d[j * movies + i] = d[i * movies + j];
      }
      d[i * movies + i] += lambda;
    }
    return g;
  }
}
