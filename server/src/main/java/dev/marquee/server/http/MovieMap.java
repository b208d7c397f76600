package dev.marquee.server.http;

import java.util.Random;

/**
 * A 2-D map of the movie space: the movie vectors m projected on their first two principal
 * components (centred by the mean vector), computed once per served model. Power iteration with
 * deflation on the d x d covariance: O(n d^2) to build it, exact enough for a picture, and
 * deterministic (a fixed start vector and a sign rule: each axis' largest coordinate is positive).
 *
 * @param x first coordinate per movie (artifact row order)
 * @param y second coordinate per movie
 * @param axes the two unit axes, d each
 * @param explained the share of the total variance each axis explains
 */
record MovieMap(float[] x, float[] y, double[][] axes, double[] explained) {
  private static final int ITERATIONS = 300;

  static MovieMap of(float[][] vectors, int dim) {
    int n = vectors.length;
    double[] mean = new double[dim];
    for (float[] v : vectors) {
      for (int d = 0; d < dim; d++) {
        mean[d] += v[d];
      }
    }
    for (int d = 0; d < dim; d++) {
      mean[d] /= Math.max(1, n);
    }
    double[][] cov = new double[dim][dim];
    double[] c = new double[dim];
    for (float[] v : vectors) {
      for (int d = 0; d < dim; d++) {
        c[d] = v[d] - mean[d];
      }
      for (int a = 0; a < dim; a++) {
        for (int b = a; b < dim; b++) {
          cov[a][b] += c[a] * c[b];
        }
      }
    }
    double total = 0;
    for (int a = 0; a < dim; a++) {
      for (int b = a; b < dim; b++) {
        cov[a][b] /= Math.max(1, n - 1);
        cov[b][a] = cov[a][b];
      }
      total += cov[a][a];
    }
    double[][] axes = new double[2][];
    double[] explained = new double[2];
    for (int k = 0; k < 2; k++) {
      double[] v = new double[dim];
      Random r = new Random(42 + k);
      for (int d = 0; d < dim; d++) {
        v[d] = r.nextGaussian();
      }
      normalise(v);
      double lambda = 0;
      for (int it = 0; it < ITERATIONS; it++) {
        double[] w = times(cov, v);
        lambda = Math.sqrt(dot(w, w));
        if (lambda == 0) {
          break;
        }
        for (int d = 0; d < dim; d++) {
          w[d] /= lambda;
        }
        v = w;
      }
      int big = 0;
      for (int d = 1; d < dim; d++) {
        big = Math.abs(v[d]) > Math.abs(v[big]) ? d : big;
      }
      if (v[big] < 0) {
        for (int d = 0; d < dim; d++) {
          v[d] = -v[d];
        }
      }
      axes[k] = v;
      explained[k] = total == 0 ? 0 : lambda / total;
      for (int a = 0; a < dim; a++) { // deflate: remove this axis' variance
        for (int b = 0; b < dim; b++) {
          cov[a][b] -= lambda * v[a] * v[b];
        }
      }
    }
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double px = 0, py = 0;
      for (int d = 0; d < dim; d++) {
        double cd = vectors[i][d] - mean[d];
        px += cd * axes[0][d];
        py += cd * axes[1][d];
      }
      x[i] = (float) px;
      y[i] = (float) py;
    }
    return new MovieMap(x, y, axes, explained);
  }

  /**
   * The direction of a user vector u on the map's axes (not centred: a user is a direction of
   * taste, not a point among the movies; movies further along it have a larger u·m).
   */
  double[] direction(float[] u) {
    double[] p = new double[2];
    for (int k = 0; k < 2; k++) {
      for (int d = 0; d < u.length; d++) {
        p[k] += u[d] * axes[k][d];
      }
    }
    return p;
  }

  private static double[] times(double[][] m, double[] v) {
    double[] out = new double[v.length];
    for (int a = 0; a < v.length; a++) {
      out[a] = dot(m[a], v);
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void normalise(double[] v) {
    double n = Math.sqrt(dot(v, v));
    for (int d = 0; d < v.length; d++) {
      v[d] /= n;
    }
  }
}
