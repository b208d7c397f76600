package dev.marquee.trainer.model;

import java.util.Arrays;

/** Parallel arrays of (user index, movie index, rating): a training or validation set. */
public record Interactions(int[] user, int[] movie, float[] rating) {
  public Interactions {
    if (user.length != movie.length || user.length != rating.length) {
      throw new IllegalArgumentException(
          "ragged interactions: "
              + user.length
              + " users, "
              + movie.length
              + " movies, "
              + rating.length
              + " ratings");
    }
  }

  public int size() {
    return user.length;
  }

  /**
   * Each of {@code users} users' distinct movies rated at least {@code minRating}, ascending (an
   * empty array for a user without any).
   */
  public int[][] moviesByUser(int users, float minRating) {
    int[] count = new int[users];
    for (int i = 0; i < size(); i++) {
      if (rating[i] >= minRating) {
        count[user[i]]++;
      }
    }
    int[][] out = new int[users][];
    for (int u = 0; u < users; u++) {
      out[u] = new int[count[u]];
    }
    Arrays.fill(count, 0);
    for (int i = 0; i < size(); i++) {
      if (rating[i] >= minRating) {
        out[user[i]][count[user[i]]++] = movie[i];
      }
    }
    for (int u = 0; u < users; u++) {
      Arrays.sort(out[u]);
      out[u] = distinct(out[u]);
    }
    return out;
  }

  private static int[] distinct(int[] sorted) {
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }

  /** Mean rating; 0 when empty. */
  public double mean() {
    double s = 0;
    for (float r : rating) {
      s += r;
    }
    return user.length == 0 ? 0 : s / user.length;
  }
}
