package dev.marquee.server;

import dev.marquee.core.ModelArtifact;
import dev.marquee.indexer.MovieIndex;
import java.io.IOException;
import java.nio.file.Path;

/** Opens an index beside a model, refusing an index built from another model. */
final class IndexPairs {
  private IndexPairs() {}

  /**
   * A state serving {@code artifact} with the index at {@code indexDir}: HNSW retrieval, or exact
   * retrieval (index checked, then closed) when {@code options.exact()} or the catalogue is smaller
   * than {@code options.exactBelow()}.
   *
   * @throws dev.marquee.indexer.IndexException when the index is missing, corrupt or from another model
   */
  static ServingState open(ModelArtifact artifact, Path indexDir, RetrievalOptions options) throws IOException {
    // The same threshold per search: a filter leaving fewer than exactBelow movies is scanned exactly
    // by the index (0: always walk the graph, except where Lucene itself scans a selective filter).
    MovieIndex index = MovieIndex.open(indexDir, options.exactBelow());
    try {
      index.requireModel(artifact.modelId(), artifact.embeddings().dim());
      if (index.size() != artifact.embeddings().movieIds().length) {
        throw new dev.marquee.indexer.IndexException("index " + indexDir + " has " + index.size() + " movies, model "
            + artifact.modelId() + " has " + artifact.embeddings().movieIds().length);
      }
      HnswRetriever hnsw = new HnswRetriever(index, artifact.embeddings().movieIds().length, options);
      var params = hnsw.indexParams();
      int movies = artifact.embeddings().movieIds().length;
      if (options.exact() || movies < options.exactBelow()) {
        index.close();
        var e = artifact.embeddings();
        if (!options.exact()) {
          params = new java.util.TreeMap<>(params);
          params.put("exact_below", Integer.toString(options.exactBelow()));
        }
        return new ServingState(artifact, new ExactRetriever(e.movieVectors(), e.movieRetrievalBias(), e.movieIds()), params);
      }
      return new ServingState(artifact, hnsw, params);
    } catch (IOException | RuntimeException ex) {
      index.close();
      throw ex;
    }
  }
}
