package dev.marquee.server;

import java.util.Arrays;

/**
 * The movies one user rated highly, for explanations ("because you liked"), with their unit vectors
 * stored transposed (one array per dimension, {@code columns[d][j]}) so the cosine of an item to
 * all of them is a few JIT-vectorised loops. Built once per known user at load, and per call for a
 * profile.
 */
final class LikedMovies {
  static final LikedMovies NONE = new LikedMovies(new int[0], new float[0][0], new long[0]);

  private final int[] movies;
  private final float[][] columns;
  private final long[] ids;

  private LikedMovies(int[] movies, float[][] columns, long[] ids) {
    this.movies = movies;
    this.columns = columns;
    this.ids = ids;
  }

  /**
   * The liked movies among a rating slice: rated at least {@code threshold}, or, when none is, the
   * slice's top-rated movies.
   */
  static LikedMovies of(
      float[][] movieVectors,
      float[] invNorm,
      long[] movieIds,
      int[] rated,
      float[] ratings,
      int from,
      int to,
      float threshold) {
    if (to <= from) {
      return NONE;
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int j = from; j < to; j++) {
      max = Math.max(max, ratings[j]);
    }
    float cut = Math.min(threshold, max);
    int n = 0;
    int[] liked = new int[to - from];
    for (int j = from; j < to; j++) {
      if (ratings[j] >= cut) {
        liked[n++] = rated[j];
      }
    }
    liked = Arrays.copyOf(liked, n);
    int dim = movieVectors.length == 0 ? 0 : movieVectors[0].length;
    float[][] cols = new float[dim][n];
    long[] ids = new long[n];
    for (int j = 0; j < n; j++) {
      float[] v = movieVectors[liked[j]];
      float inv = invNorm[liked[j]];
      for (int d = 0; d < dim; d++) {
        cols[d][j] = v[d] * inv;
      }
      ids[j] = movieIds[liked[j]];
    }
    return new LikedMovies(liked, cols, ids);
  }

  int size() {
    return movies.length;
  }

  /** Movie indices, in rating-log order. */
  int[] movies() {
    return movies.clone();
  }

  /**
   * The liked movie with the highest cosine to {@code item} (ties by movie id), the item itself
   * excluded; -1 when there is none.
   *
   * @param unitItem the item's unit vector
   */
  int mostSimilar(int item, float[] unitItem) {
    int n = movies.length;
    if (n == 0) {
      return -1;
    }
    float[] cos = new float[n];
    for (int d = 0; d < unitItem.length; d++) {
      float w = unitItem[d];
      float[] col = columns[d];
      for (int j = 0; j < n; j++) {
        cos[j] += w * col[j];
      }
    }
    int best = -1;
    for (int j = 0; j < n; j++) {
      if (movies[j] == item) {
        continue;
      }
      if (best < 0 || cos[j] > cos[best] || (cos[j] == cos[best] && ids[j] < ids[best])) {
        best = j;
      }
    }
    return best < 0 ? -1 : movies[best];
  }
}
