package dev.marquee.server;

import dev.marquee.core.MovieSet;
import dev.marquee.core.Scoring;
import dev.marquee.indexer.Candidates;
import dev.marquee.indexer.MovieIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Approximate retrieval through the Lucene HNSW index (MAXIMUM_INNER_PRODUCT of [u ; 1] over [m ;
 * c_m]): asks for max(k * oversample, ef) candidates with the allowed movies as a pre-filter, so k
 * results come back whenever k movies are allowed (Lucene switches to an exact scan of the matching
 * documents when the filter is very selective). Candidates are reranked exactly by the caller with
 * the artifact's float vectors, never with the index's (possibly quantized) scores.
 */
final class HnswRetriever implements Retriever {
  private final MovieIndex index;
  private final RetrievalOptions options;
  private final Map<String, String> description;
  private final Lazy<Retriever> exact;

  /**
   * @param index an open index, already checked against the model; closed with this retriever
   * @param indexParams the index's parameters, for {@link #describe()}
   * @param exactFactory builds an exact retriever over the same movies, for the rare search that
   *     comes back short; called at most once, on first need (it holds a copy of the movie vectors)
   */
  HnswRetriever(
      MovieIndex index,
      RetrievalOptions options,
      Map<String, String> indexParams,
      Supplier<Retriever> exactFactory) {
    this.index = index;
    this.options = options;
    this.exact = new Lazy<>(exactFactory);
    Map<String, String> d = new TreeMap<>(indexParams);
    d.put("retrieval", "hnsw");
    d.put("oversample", Integer.toString(options.oversample()));
    d.put("ef", Integer.toString(options.ef()));
    this.description = Map.copyOf(d);
  }

  @Override
  public int[] candidates(float[] user, int k, MovieSet allowed, int allowedCount) {
    int n = Math.min(options.numCandidates(k), MovieIndex.MAX_NUM_CANDIDATES);
    Candidates c;
    try {
      c = index.search(Scoring.queryVector(user), n, allowedCount == index.size() ? null : allowed);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    options.observer().searched(!c.exact(), c.visited());
    int[] found = c.movieIndices();
    if (found.length < Math.min(k, allowedCount)) {
      // The graph came back short (possible under a very restrictive filter): k results are
      // promised whenever k movies are allowed, so scan exactly for this call.
      return exact.get().candidates(user, k, allowed, allowedCount);
    }
    return found;
  }

  @Override
  public Map<String, String> describe() {
    return description;
  }

  @Override
  public void close() throws IOException {
    index.close();
  }
}
