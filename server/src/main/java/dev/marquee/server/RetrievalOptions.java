package dev.marquee.server;

/**
 * How candidates are retrieved.
 *
 * @param exact brute-force scan instead of HNSW (the reference)
 * @param oversample HNSW asks for max(k * oversample, ef) candidates
 * @param ef the smallest HNSW candidate count (Lucene's k, which is also the search beam)
 */
public record RetrievalOptions(boolean exact, int oversample, int ef) {
  public static final RetrievalOptions EXACT = new RetrievalOptions(true, 4, 100);
  public static final RetrievalOptions HNSW = new RetrievalOptions(false, 4, 100);

  public RetrievalOptions {
    if (oversample < 1 || oversample > 100) {
      throw new IllegalArgumentException("oversample must be in [1, 100]; oversample=" + oversample);
    }
    if (ef < 1 || ef > 10_000) {
      throw new IllegalArgumentException("ef must be in [1, 10000]; ef=" + ef);
    }
  }

  /** Lucene's k for a request of k results. */
  public int numCandidates(int k) {
    return Math.min(10_000, Math.max(k * oversample, ef));
  }
}
