package dev.marquee.server;

import dev.marquee.core.Scoring;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds a new user into a trained model: finds the user vector and bias that best explain a few
 * ratings while the movie vectors and biases stay fixed.
 *
 * <p>The model predicts r = lo + (hi - lo) * sigmoid(u·m + b_u + b_m). Each given rating r_j is
 * mapped back to logit space, t_j = logit(p_j) with p_j = (r_j - lo) / (hi - lo) clamped to
 * [{@value #EPS}, 1 - {@value #EPS}] (a rating at the very end of the range would otherwise be
 * infinitely far away), and the movie bias is moved to the target side: y_j = t_j - b_m_j. With x_j
 * = [m_j ; 1] and w = [u ; b_u], the fit is the ridge regression
 *
 * <pre>
 *   minimise  sum_j (x_j·w - y_j)^2 + lambda |w - w0|^2
 *   solution  (X^T X + lambda I) w = X^T y + lambda w0
 * </pre>
 *
 * where w0 = [u0 ; b0] is the prior: the features-only vector and bias when the model has user
 * features, else zero. So without ratings the answer is the prior, and each rating pulls the vector
 * toward explaining it; lambda sets how many ratings it takes to move far from the prior. The (d+1)
 * x (d+1) system is symmetric positive definite for lambda > 0 and is solved by Cholesky in double
 * precision.
 *
 * <p>Ratings are what a profile gives, so the fit is on the rating head (u, b_u against b_m); the
 * retrieval biases c_m play no part here. The folded u is then ranked like any user, by u·m + c_m,
 * and b_u only feeds its predicted ratings.
 */
public final class FoldIn {
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * One thread's scratch: the n x n system, and the columns by padded length (a multiple of {@value
   * #PAD}, up to {@value #MAX_CACHED}; longer ones are allocated per call), since VectorUtil's dot
   * product takes whole arrays of equal length.
   */
  private static final class Scratch {
    private double[] a = new double[0];
    private final Map<Integer, float[][]> columns = new HashMap<>();

    double[] matrix(int n) {
      if (a.length < n * n) {
        a = new double[n * n];
      }
      return a;
    }

    /** {@code k} arrays of one length >= count, zero from {@code count} on. */
    float[][] columns(int k, int count) {
      int length = Math.max(PAD, (count + PAD - 1) / PAD * PAD);
      if (length > MAX_CACHED) {
        return new float[k][length];
      }
      float[][] c = columns.get(length);
      if (c == null || c.length != k) {
        c = new float[k][length];
        columns.put(length, c);
      } else {
        for (float[] col : c) {
          Arrays.fill(col, count, length, 0f);
        }
      }
      return c;
    }
  }

  private static final int PAD = 32;
  private static final int MAX_CACHED = 1024;

  /** Clamp for the rating's position in the range, so logit stays finite (logit(0.02) = -3.9). */
  public static final double EPS = 0.02;

  private final double lambda;

  /**
   * @param lambda ridge strength toward the prior, > 0
   */
  public FoldIn(double lambda) {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("fold-in lambda must be > 0; lambda=" + lambda);
    }
    this.lambda = lambda;
  }

  public double lambda() {
    return lambda;
  }

  /**
   * The folded-in user.
   *
   * @param movieVectors all movie vectors (rows of length d)
   * @param movieBias all movie rating biases b_m (not the retrieval biases c_m)
   * @param movies indices of the rated movies
   * @param ratings the ratings, aligned with {@code movies}, on [lo, hi]
   * @param prior u0, length d
   * @param priorBias b0
   * @return [u ; b_u] as a vector of length d and a bias
   */
  public dev.marquee.core.Features.Vector solve(
      float[][] movieVectors,
      float[] movieBias,
      int[] movies,
      float[] ratings,
      float lo,
      float hi,
      float[] prior,
      float priorBias) {
    int d = prior.length;
    int n = d + 1;
    // X^T X and X^T y as dot products of the columns of X (rows x_j = [m_j ; 1]) and y, on SIMD
    // (core Scoring.dot, Lucene VectorUtil): 2-4x faster than summing outer products row by row,
    // which was half the server's CPU under live ratings. The columns are per-thread scratch, so
    // thousands of fold-ins a second make no garbage for collections whose pauses every call would
    // share.
    int count = movies.length;
    Scratch scratch = SCRATCH.get();
    float[][] cols = scratch.columns(n + 1, count); // X's n columns, then y; zero from count on
    for (int j = 0; j < count; j++) {
      int mi = movies[j];
      float[] m = movieVectors[mi];
      for (int i = 0; i < d; i++) {
        cols[i][j] = m[i];
      }
      cols[d][j] = 1f;
      double p = (ratings[j] - lo) / (double) (hi - lo);
      p = Math.min(1 - EPS, Math.max(EPS, p));
      cols[n][j] = (float) (Math.log(p / (1 - p)) - movieBias[mi]);
    }
    double[] a = scratch.matrix(n);
    double[] b = new double[n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c <= r; c++) {
        a[r * n + c] = Scoring.dot(cols[r], cols[c]);
      }
      b[r] = Scoring.dot(cols[r], cols[n]);
    }
    for (int i = 0; i < n; i++) {
      a[i * n + i] += lambda;
      b[i] += lambda * (i < d ? prior[i] : priorBias);
    }
    double[] w = choleskySolve(a, b, n);
    float[] u = new float[d];
    for (int i = 0; i < d; i++) {
      u[i] = (float) w[i];
    }
    return new dev.marquee.core.Features.Vector(u, (float) w[d]);
  }

  /** Solves A w = b for SPD A given by its lower triangle (row-major n x n); A is overwritten. */
  static double[] choleskySolve(double[] a, double[] b, int n) {
    for (int j = 0; j < n; j++) {
      double s = a[j * n + j];
      for (int k = 0; k < j; k++) {
        s -= a[j * n + k] * a[j * n + k];
      }
      if (!(s > 0)) {
        throw new ArithmeticException("fold-in system is not positive definite at column " + j);
      }
      double l = Math.sqrt(s);
      a[j * n + j] = l;
      for (int i = j + 1; i < n; i++) {
        double t = a[i * n + j];
        for (int k = 0; k < j; k++) {
          t -= a[i * n + k] * a[j * n + k];
        }
        a[i * n + j] = t / l;
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double t = b[i];
      for (int k = 0; k < i; k++) {
        t -= a[i * n + k] * y[k];
      }
      y[i] = t / a[i * n + i];
    }
    double[] w = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double t = y[i];
      for (int k = i + 1; k < n; k++) {
        t -= a[k * n + i] * w[k];
      }
      w[i] = t / a[i * n + i];
    }
    return w;
  }
}
