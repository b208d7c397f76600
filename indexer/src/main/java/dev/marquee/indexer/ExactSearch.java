package dev.marquee.indexer;

import dev.marquee.core.Scoring;
import dev.marquee.core.TopK;

/**
 * Brute-force maximum inner product over every movie: the oracle {@code verify} and the tests
 * measure the index against, and the exact rerank of candidates. Ranking: score descending, then
 * movie index ascending.
 */
public final class ExactSearch {
  private final float[][] items;

  /**
   * @param items the retrieval vectors [m ; c_m], row = movie index
   */
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

  /**
   * Movie indices of the exact top k for query [u ; 1], leaving out the (sorted) movie indices
   * {@code skip}.
   */
  public int[] topK(float[] query, int k, int[] skip) {
    TopK top = new TopK(Math.min(k, items.length));
    for (int i = 0; i < items.length; i++) {
      if (skip == null || java.util.Arrays.binarySearch(skip, i) < 0) {
        top.offer(i, Scoring.dot(query, items[i]));
      }
    }
    return top.drainBestFirst();
  }

  /** Reranks candidate movie indices exactly and returns the best k of them. */
  public int[] rerank(float[] query, int[] candidates, int k) {
    TopK top = new TopK(Math.min(k, candidates.length));
    for (int c : candidates) {
      top.offer(c, Scoring.dot(query, items[c]));
    }
    return top.drainBestFirst();
  }
}
