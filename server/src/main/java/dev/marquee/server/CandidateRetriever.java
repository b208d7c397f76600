package dev.marquee.server;

import java.io.Closeable;
import java.util.Map;
import org.apache.lucene.util.FixedBitSet;

/**
 * First stage of a recommendation: finds candidate movies for a user vector among the eligible
 * ones. Candidates are reranked exactly by {@link Recommender}, so an approximate retriever only
 * has to find the right movies, not score them exactly. Implementations are thread-safe.
 */
public interface CandidateRetriever extends Closeable {
  /**
   * Candidate movie indices for the query, at least {@code k} of them whenever {@code k} movies are
   * eligible.
   *
   * @param user the user vector u (the query is [u ; 1]; the ranking score u·m + c_m has no user
   *     bias, so none is passed)
   * @param k how many results the caller will keep
   * @param eligible movie indices that may be returned (never null)
   * @param eligibleCount the number of bits set in {@code eligible}
   */
  int[] candidates(float[] user, int k, FixedBitSet eligible, int eligibleCount);

  /** Retrieval parameters for {@code GetModelInfo}, by name. */
  Map<String, String> describe();

  @Override
  default void close() throws java.io.IOException {}
}
