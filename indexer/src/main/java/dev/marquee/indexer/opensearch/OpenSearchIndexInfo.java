package dev.marquee.indexer.opensearch;

import static dev.marquee.indexer.opensearch.OpenSearchSchema.*;

import dev.marquee.indexer.IndexException;
import dev.marquee.indexer.IndexSchema;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.GetMappingResponse;

/**
 * The index an alias points at, as its {@code _meta} and mapping describe it.
 *
 * @param index the concrete index name
 * @param modelId the model it was built from
 * @param dim the knn_vector field's dimension, as mapped
 * @param movies the number of movies written
 * @param m HNSW max connections
 * @param efConstruction HNSW construction beam
 * @param createdAt build time, epoch milliseconds
 */
public record OpenSearchIndexInfo(
    String index, String modelId, int dim, int movies, int m, int efConstruction, long createdAt) {

  /**
   * Resolves {@code alias} and reads the index behind it.
   *
   * @throws IndexException when the alias is missing, names several indices, or its index is not a
   *     Marquee index of a readable version
   * @throws ClusterUnavailableException when the cluster cannot answer
   */
  public static OpenSearchIndexInfo resolve(OpenSearchClient client, String alias, String where)
      throws IOException {
    String index = target(client, alias, where);
    GetMappingResponse mapping =
        call(where, () -> client.indices().getMapping(g -> g.index(index)));
    TypeMapping tm = mapping.result().get(index).mappings();
    Map<String, JsonData> meta = tm.meta();
    String at = "index " + index + " (alias " + alias + " at " + where + ")";
    if (meta == null || !FORMAT.equals(string(meta, META_FORMAT))) {
      throw new IndexException(at + " is not a Marquee index (no " + META_FORMAT + " in _meta)");
    }
    int version = Integer.parseInt(string(meta, META_FORMAT_VERSION));
    if (version != FORMAT_VERSION) {
      throw new IndexException(
          at + " has format version " + version + ", this build reads " + FORMAT_VERSION);
    }
    Property vector = tm.properties().get(IndexSchema.VECTOR);
    if (vector == null || !vector.isKnnVector()) {
      throw new IndexException(at + " has no knn_vector field " + IndexSchema.VECTOR);
    }
    return new OpenSearchIndexInfo(
        index,
        string(meta, META_MODEL_ID),
        vector.knnVector().dimension(),
        Integer.parseInt(string(meta, META_MOVIES)),
        Integer.parseInt(string(meta, META_HNSW_M)),
        Integer.parseInt(string(meta, META_EF_CONSTRUCTION)),
        Long.parseLong(string(meta, META_CREATED_AT)));
  }

  /**
   * The one index {@code alias} points at.
   *
   * @throws IndexException when there is no such alias, or it points at several indices
   */
  public static String target(OpenSearchClient client, String alias, String where)
      throws IOException {
    Set<String> indices;
    try {
      indices = call(where, () -> client.indices().getAlias(g -> g.name(alias))).result().keySet();
    } catch (OpenSearchException ex) {
      if (ex.status() == 404) {
        throw new IndexException(
            "no alias "
                + alias
                + " at "
                + where
                + " (build one with indexer build --backend"
                + " opensearch --index-name "
                + alias
                + ")");
      }
      throw ex;
    }
    if (indices.size() != 1) {
      throw new IndexException(
          "alias "
              + alias
              + " at "
              + where
              + " points at "
              + indices.size()
              + " indices "
              + indices
              + "; it must point at exactly one");
    }
    return indices.iterator().next();
  }

  /**
   * One request, with transport failures (refused, timed out, TLS) as {@link
   * ClusterUnavailableException}.
   */
  static <T> T call(String where, IoCall<T> c) throws ClusterUnavailableException {
    try {
      return c.call();
    } catch (OpenSearchException ex) {
      if (ex.status() == 401 || ex.status() == 403 || ex.status() >= 500) {
        throw new ClusterUnavailableException(
            "OpenSearch at " + where + " answered " + ex.status() + ": " + ex.getMessage(), ex);
      }
      throw ex;
    } catch (IOException ex) {
      throw new ClusterUnavailableException(
          "cannot reach OpenSearch at " + where + ": " + oneLine(ex), ex);
    }
  }

  /** A request that may fail with an I/O exception. */
  @FunctionalInterface
  interface IoCall<T> {
    T call() throws IOException;
  }

  static String oneLine(Throwable ex) {
    Throwable c = ex;
    while (c.getCause() != null && (c.getMessage() == null || c.getMessage().isBlank())) {
      c = c.getCause();
    }
    String m =
        c.getMessage() == null
            ? c.toString()
            : c.getClass().getSimpleName() + ": " + c.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  private static String string(Map<String, JsonData> meta, String key) throws IndexException {
    JsonData v = meta.get(key);
    if (v == null) {
      throw new IndexException("index _meta has no " + key);
    }
    return v.to(String.class);
  }
}
