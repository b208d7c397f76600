package dev.marquee.server;

import dev.marquee.core.Scoring;
import java.util.Map;
import org.apache.lucene.util.FixedBitSet;

/**
 * Brute-force retrieval: scores every eligible movie with the exact score u·m + b_u + b_m and
 * keeps the top k (ties by movie id). The reference the HNSW path is tested against, and the
 * fastest option for small catalogues.
 */
public final class ExactRetriever implements CandidateRetriever {
  private final float[][] movieVectors;
  private final float[] movieBias;
  private final long[] movieIds;

  public ExactRetriever(float[][] movieVectors, float[] movieBias, long[] movieIds) {
    this.movieVectors = movieVectors;
    this.movieBias = movieBias;
    this.movieIds = movieIds;
  }

  @Override
  public int[] candidates(float[] user, float userBias, int k, FixedBitSet eligible, int eligibleCount) {
    TopK top = new TopK(Math.min(k, eligibleCount), movieIds);
    int n = movieVectors.length;
    for (int i = eligible.nextSetBit(0); i < n; i = i + 1 < n ? eligible.nextSetBit(i + 1) : org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS) {
      top.offer(i, Scoring.score(user, userBias, movieVectors[i], movieBias[i]));
    }
    return top.drainBestFirst();
  }

  @Override
  public Map<String, String> describe() {
    return Map.of("retrieval", "exact");
  }
}
