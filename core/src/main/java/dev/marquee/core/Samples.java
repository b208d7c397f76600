package dev.marquee.core;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded sampling without replacement, shared by {@code indexer verify}'s user sample and the
 * trainer.
 */
public final class Samples {
  private Samples() {}

  /**
   * {@code k} distinct positions out of {@code 0..n-1}, in draw order (a partial Fisher-Yates
   * shuffle: k draws from {@code random}, so a seed gives one sample).
   */
  public static int[] distinct(int n, int k, Random random) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("k must be in [0, n=" + n + "]; k=" + k);
    }
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return Arrays.copyOf(idx, k);
  }
}
