package dev.marquee.server;

import dev.marquee.core.MovieSet;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * First stage of a recommendation: finds candidate movies for a user vector among the allowed ones.
 * Candidates are reranked exactly by {@link Recommender}, so an approximate retriever only has to
 * find the right movies, not score them exactly. Implementations are thread-safe, speak artifact
 * rows only (no search-library types), and are built by {@link Retrievers}.
 */
public interface Retriever extends Closeable {
  /**
   * Candidate movie indices for the query, at least {@code min(k, allowedCount)} of them.
   *
   * @param user the user vector u (the query is [u ; 1]; the ranking score u·m + c_m has no user
   *     bias, so none is passed)
   * @param k how many results the caller will keep
   * @param allowed movie indices that may be returned (never null; not modified)
   * @param allowedCount the number of movies in {@code allowed}
   */
  int[] candidates(float[] user, int k, MovieSet allowed, int allowedCount);

  /**
   * As {@link #candidates(float[], int, MovieSet, int)}, also told the genre/year filter that
   * {@code allowed} came from (before the user's seen movies were removed), for a retriever that
   * filters remotely by metadata rather than by row. Local retrievers need only {@code allowed}.
   */
  default int[] candidates(
      float[] user, int k, MovieSet allowed, int allowedCount, MovieFilterSpec filter) {
    return candidates(user, k, allowed, allowedCount);
  }

  /**
   * What {@code GetModelInfo} reports under {@code index_params}: retrieval settings and index
   * parameters, by name.
   */
  Map<String, String> describe();

  @Override
  default void close() throws IOException {}
}
