package dev.marquee.server;

import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Loads a model directory and its index into a new {@link ServingState}: reads and verifies the
 * artifact (version, checksums), opens the index, and refuses a pair whose model ids differ. Used
 * at start and on every reload; a failure leaves nothing open.
 */
public final class PairLoader implements Callable<ServingState> {
  private final Path modelDir;
  private final Path indexDir;
  private final RetrievalOptions options;

  /**
   * @param modelDir the model artifact directory
   * @param indexDir the index directory; may be null only with exact retrieval
   * @param options retrieval settings
   */
  public PairLoader(Path modelDir, Path indexDir, RetrievalOptions options) {
    this.modelDir = modelDir;
    this.indexDir = indexDir;
    this.options = options;
    if (indexDir == null && !options.exact()) {
      throw new IllegalArgumentException(
          "an index directory is required unless retrieval is exact");
    }
  }

  public Path modelDir() {
    return modelDir;
  }

  public Path indexDir() {
    return indexDir;
  }

  @Override
  public ServingState call() throws IOException {
    ModelArtifact artifact = ModelArtifacts.read(modelDir);
    return new ServingState(artifact, Retrievers.open(artifact, indexDir, options));
  }
}
