package dev.marquee.server;

/**
 * How candidates are retrieved.
 *
 * @param exact brute-force scan instead of HNSW (the reference)
 * @param oversample HNSW asks for max(k * oversample, ef) candidates
 * @param ef the smallest HNSW candidate count (Lucene's k, which is also the search beam)
 * @param exactBelow catalogues with fewer movies than this are scanned exactly even when an index
 *     is given: at MovieLens 100K size (1,682 movies) a scan is several times cheaper than an HNSW
 *     query through Lucene (BENCHMARKS.md, "Server"); in larger catalogues, a search whose filter
 *     leaves fewer movies than this is scanned exactly by the index; 0 always walks the graph.
 *     Default {@link dev.marquee.indexer.MovieIndex#DEFAULT_EXACT_THRESHOLD}, which {@code indexer
 *     verify} uses too
 * @param observer told of every search (metrics); {@link RetrievalObserver#NONE} by default
 */
public record RetrievalOptions(
    boolean exact, int oversample, int ef, int exactBelow, RetrievalObserver observer) {
  public static final RetrievalOptions EXACT = new RetrievalOptions(true, 4, 100, 0);

  /** HNSW whatever the catalogue size. */
  public static final RetrievalOptions HNSW = new RetrievalOptions(false, 4, 100, 0);

  public RetrievalOptions(boolean exact, int oversample, int ef, int exactBelow) {
    this(exact, oversample, ef, exactBelow, RetrievalObserver.NONE);
  }

  /** These options with searches reported to {@code o}. */
  public RetrievalOptions withObserver(RetrievalObserver o) {
    return new RetrievalOptions(exact, oversample, ef, exactBelow, o);
  }

  public RetrievalOptions {
    java.util.Objects.requireNonNull(observer, "observer");
    if (oversample < 1 || oversample > 100) {
      throw new IllegalArgumentException(
          "oversample must be in [1, 100]; oversample=" + oversample);
    }
    if (ef < 1 || ef > 10_000) {
      throw new IllegalArgumentException("ef must be in [1, 10000]; ef=" + ef);
    }
    if (exactBelow < 0) {
      throw new IllegalArgumentException("exact-below must be >= 0; exact-below=" + exactBelow);
    }
  }

  /** Lucene's k for a request of k results. */
  public int numCandidates(int k) {
    return Math.min(10_000, Math.max(k * oversample, ef));
  }
}
