package dev.marquee.indexer;

/**
 * The approximate nearest movies of one query, best first (score descending, then document order).
 *
 * @param movieIndices row of each candidate in the model artifact ({@code movie_vectors}, {@code
 *     movies})
 * @param movieIds dataset id of each candidate
 * @param scores the index's estimate of u·m + c_m for each candidate (exact up to float rounding
 *     for float32 indexes, an estimate with int8/int4): rerank with the artifact's vectors
 * @param visited graph nodes (or documents, for an exact scan) the search scored
 * @param exact whether Lucene answered with an exact scan instead of the graph
 */
public record Candidates(
    int[] movieIndices, long[] movieIds, float[] scores, long visited, boolean exact) {
  /** Number of candidates. */
  public int size() {
    return movieIndices.length;
  }
}
