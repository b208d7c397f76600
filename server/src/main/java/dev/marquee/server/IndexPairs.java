package dev.marquee.server;

import dev.marquee.core.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Opens an index beside a model (placeholder until the indexer's read API is merged). */
final class IndexPairs {
  private IndexPairs() {}

  static ServingState open(ModelArtifact artifact, Path indexDir, RetrievalOptions options) throws IOException {
    var e = artifact.embeddings();
    return new ServingState(artifact, new ExactRetriever(e.movieVectors(), e.movieBias(), e.movieIds()), Map.of());
  }
}
