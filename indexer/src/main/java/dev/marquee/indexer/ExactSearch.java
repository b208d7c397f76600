package dev.marquee.indexer;

import dev.marquee.core.Scoring;

/**
 * Brute-force maximum inner product over every movie: the oracle {@code verify} and the tests
 * measure the index against, and the exact rerank of candidates. Ranking: score descending, then
 * movie index ascending.
 */
public final class ExactSearch {
  private final float[][] items;

  /** @param items the retrieval vectors [m ; b_m], row = movie index */
  public ExactSearch(float[][] items) {
    this.items = items;
  }

  /** Number of movies. */
  public int size() {
    return items.length;
  }

  /** Movie indices of the exact top k for query [u ; 1]. */
  public int[] topK(float[] query, int k) {
    return topK(query, k, null);
  }

  /** Movie indices of the exact top k for query [u ; 1], leaving out the (sorted) movie indices {@code skip}. */
  public int[] topK(float[] query, int k, int[] skip) {
    int n = Math.min(k, items.length);
    // A bounded min-heap of (score, index) held in parallel arrays; the root is the worst kept.
    float[] hs = new float[n];
    int[] hi = new int[n];
    int size = 0;
    for (int i = 0; i < items.length; i++) {
      if (skip != null && java.util.Arrays.binarySearch(skip, i) >= 0) {
        continue;
      }
      float s = Scoring.dot(query, items[i]);
      if (size < n) {
        hs[size] = s;
        hi[size] = i;
        siftUp(hs, hi, size++);
      } else if (better(s, i, hs[0], hi[0])) {
        hs[0] = s;
        hi[0] = i;
        siftDown(hs, hi, n);
      }
    }
    return sortedIndices(hs, hi, size);
  }

  /** Reranks candidate movie indices exactly and returns the best k of them. */
  public int[] rerank(float[] query, int[] candidates, int k) {
    int n = candidates.length;
    float[] s = new float[n];
    int[] idx = candidates.clone();
    for (int j = 0; j < n; j++) {
      s[j] = Scoring.dot(query, items[idx[j]]);
    }
    int[] sorted = sortedIndices(s, idx, n);
    return java.util.Arrays.copyOf(sorted, Math.min(k, n));
  }

  private static boolean better(float s, int i, float t, int j) {
    return s > t || (s == t && i < j);
  }

  private static void siftUp(float[] hs, int[] hi, int c) {
    while (c > 0) {
      int p = (c - 1) >>> 1;
      if (!better(hs[p], hi[p], hs[c], hi[c])) {
        break;
      }
      swap(hs, hi, p, c);
      c = p;
    }
  }

  private static void siftDown(float[] hs, int[] hi, int n) {
    int p = 0;
    while (true) {
      int l = 2 * p + 1, r = l + 1, w = p;
      if (l < n && better(hs[w], hi[w], hs[l], hi[l])) {
        w = l;
      }
      if (r < n && better(hs[w], hi[w], hs[r], hi[r])) {
        w = r;
      }
      if (w == p) {
        return;
      }
      swap(hs, hi, p, w);
      p = w;
    }
  }

  private static void swap(float[] hs, int[] hi, int a, int b) {
    float t = hs[a];
    hs[a] = hs[b];
    hs[b] = t;
    int u = hi[a];
    hi[a] = hi[b];
    hi[b] = u;
  }

  private static int[] sortedIndices(float[] s, int[] idx, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> better(s[a], idx[a], s[b], idx[b]) ? -1 : better(s[b], idx[b], s[a], idx[a]) ? 1 : 0);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = idx[order[i]];
    }
    return out;
  }
}
