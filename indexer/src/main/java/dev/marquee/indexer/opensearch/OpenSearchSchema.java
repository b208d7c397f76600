package dev.marquee.indexer.opensearch;

import dev.marquee.indexer.IndexSchema;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Marquee movie index in OpenSearch, version {@link #FORMAT_VERSION}: the field names, the
 * {@code _meta} keys and the index naming, shared by the builder and the server.
 *
 * <p>An index named {@code <alias>-<model id>-<build millis>} holds one document per movie of the
 * model artifact, with {@code _id} the artifact row:
 *
 * <ul>
 *   <li>{@link IndexSchema#MOVIE_INDEX} ({@code integer}): the artifact row, what the server
 *       reranks and excludes by;
 *   <li>{@link IndexSchema#MOVIE_ID} ({@code long}), {@link IndexSchema#TITLE} ({@code keyword},
 *       not indexed);
 *   <li>{@link IndexSchema#YEAR} ({@code integer}, 0 when unknown) and {@link IndexSchema#GENRE}
 *       ({@code keyword}, multi-valued): the filter fields;
 *   <li>{@link IndexSchema#VECTOR} ({@code knn_vector}, dimension factors + 1): {@code [m ; c_m]},
 *       HNSW of the Lucene engine (the only one in the pure-Java k-NN plugin) with space type
 *       {@code innerproduct}, so {@code [u ; 1]} ranks by the ranking score u·m + c_m.
 * </ul>
 *
 * <p>The mapping's {@code _meta} holds the keys below (values as strings). The alias {@code
 * <alias>} points at exactly one such index; the server resolves it at load and on every poll.
 */
public final class OpenSearchSchema {
  private OpenSearchSchema() {}

  public static final String FORMAT = "marquee-opensearch-index";
  public static final int FORMAT_VERSION = 1;

  public static final String ENGINE = "lucene";
  public static final String SPACE_TYPE = "innerproduct";

  // _meta keys.
  public static final String META_FORMAT = "marquee.format";
  public static final String META_FORMAT_VERSION = "marquee.format_version";
  public static final String META_ALIAS = "marquee.alias";
  public static final String META_MODEL_ID = "marquee.model_id";
  public static final String META_DIM = "marquee.dim";
  public static final String META_MOVIES = "marquee.movies";
  public static final String META_HNSW_M = "marquee.hnsw_m";
  public static final String META_EF_CONSTRUCTION = "marquee.hnsw_ef_construction";
  public static final String META_CREATED_AT = "marquee.created_at";

  /** What OpenSearch accepts as an index or alias name, in the subset we use. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

  /**
   * Checks an alias name ({@code --index-name}).
   *
   * @throws IllegalArgumentException naming the value
   */
  public static String requireAliasName(String alias) {
    if (alias == null || !NAME.matcher(alias).matches()) {
      throw new IllegalArgumentException(
          "--index-name must be 1-100 lowercase letters, digits, '_', '-' or '.', starting with a"
              + " letter or digit; --index-name="
              + alias);
    }
    return alias;
  }

  /** The concrete index of one build: alias, model id (made name-safe) and build time. */
  public static String versionedName(String alias, String modelId, long createdAtMillis) {
    String id = modelId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
    return alias + "-" + id + "-" + createdAtMillis;
  }
}
