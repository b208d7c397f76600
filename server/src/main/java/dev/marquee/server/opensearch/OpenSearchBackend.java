package dev.marquee.server.opensearch;

import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.indexer.IndexException;
import dev.marquee.indexer.opensearch.ClusterConfig;
import dev.marquee.indexer.opensearch.ClusterUnavailableException;
import dev.marquee.indexer.opensearch.OpenSearchIndexInfo;
import dev.marquee.server.MovieCatalogue;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.Retrievers;
import dev.marquee.server.ServingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;

/**
 * The server's link to one OpenSearch cluster and alias: loads a model with the index the alias
 * names into a {@link ServingState} (the {@code --backend opensearch} counterpart of {@code
 * PairLoader}), and answers the alias poller. One client, shared by every state it loads; closed
 * with this object at shutdown.
 */
public final class OpenSearchBackend implements Callable<ServingState>, AutoCloseable {
  private final Path modelDir;
  private final ClusterConfig config;
  private final String alias;
  private final RetrievalOptions options;
  private final OpenSearchClient client;
  private final OpenSearchAsyncClient async;

  /**
   * @param modelDir the model artifact directory
   * @param config the cluster
   * @param alias the alias naming the index to serve
   * @param options retrieval settings (oversample and ef size the k-NN request)
   */
  public OpenSearchBackend(
      Path modelDir, ClusterConfig config, String alias, RetrievalOptions options) {
    this.modelDir = modelDir;
    this.config = config;
    this.alias = alias;
    this.options = options;
    this.client = config.connect();
    this.async = new OpenSearchAsyncClient(client._transport());
  }

  /**
   * Reads the model, resolves the alias and checks its index against the model: the same model id,
   * a vector field of dimension factors + 1, one document per movie.
   *
   * @throws IndexException a missing alias, or an index of another model, dimension or size
   * @throws ClusterUnavailableException the cluster cannot be reached or refuses the credentials
   */
  @Override
  public ServingState call() throws IOException {
    ModelArtifact artifact = ModelArtifacts.read(modelDir);
    OpenSearchIndexInfo info = OpenSearchIndexInfo.resolve(client, alias, config.describe());
    String at = "index " + info.index() + " (alias " + alias + " at " + config.describe() + ")";
    int dim = artifact.embeddings().dim() + 1;
    if (info.dim() != dim) {
      throw new IndexException(
          at
              + " has vectors of dimension "
              + info.dim()
              + ", model "
              + artifact.modelId()
              + " needs "
              + dim);
    }
    if (!info.modelId().equals(artifact.modelId())) {
      throw new IndexException(
          at
              + " was built from model "
              + info.modelId()
              + ", not from model "
              + artifact.modelId()
              + " at "
              + modelDir);
    }
    int movies = artifact.embeddings().movieIds().length;
    if (info.movies() != movies) {
      throw new IndexException(
          at + " has " + info.movies() + " movies, model " + artifact.modelId() + " has " + movies);
    }
    OpenSearchRetriever retriever =
        new OpenSearchRetriever(
            async,
            config.describe(),
            alias,
            info,
            new MovieCatalogue(artifact.movies()),
            options,
            config.timeoutMillis(),
            () -> Retrievers.exact(artifact.embeddings(), options.observer()));
    return new ServingState(artifact, retriever);
  }

  /**
   * The index the alias names now, after checking that the cluster can serve it (not red).
   *
   * @throws IOException when it cannot: unreachable, red, or no such alias
   */
  public String probe() throws IOException {
    String index = OpenSearchIndexInfo.target(client, alias, config.describe());
    HealthStatus status;
    try {
      status = client.cluster().health(h -> h.index(index)).status();
    } catch (IOException ex) {
      throw new ClusterUnavailableException(
          "cannot reach OpenSearch at " + config.describe() + ": " + ex.getMessage(), ex);
    }
    if (status == HealthStatus.Red) {
      throw new ClusterUnavailableException(
          "index " + index + " at " + config.describe() + " is red (a primary shard is missing)");
    }
    return index;
  }

  /** The concrete index a state searches, or null when it is not served from OpenSearch. */
  public static String indexOf(ServingState s) {
    return s == null ? null : s.retriever().describe().get("opensearch_index");
  }

  public String alias() {
    return alias;
  }

  public String where() {
    return config.describe();
  }

  @Override
  public void close() throws IOException {
    client._transport().close();
  }
}
