package dev.marquee.indexer;

import static dev.marquee.indexer.IndexSchema.*;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an index is, as recorded in its commit user data (see {@link IndexSchema} for the keys).
 *
 * @param formatVersion index format version ({@link IndexSchema#FORMAT_VERSION} when written by
 *     this build)
 * @param modelId the model artifact's id; the server refuses an index whose id differs from its
 *     model's
 * @param factors the model's embedding dimension d
 * @param dim dimension of the indexed vectors: d + 1 ([m ; c_m]), or d + 2 with the cosine
 *     transform
 * @param similarity Lucene's similarity function name (MAXIMUM_INNER_PRODUCT or DOT_PRODUCT)
 * @param transform none or cosine (see {@link Transform})
 * @param maxNorm largest norm of [m ; c_m] over the movies (the cosine transform's X)
 * @param m HNSW max connections per node
 * @param beamWidth HNSW beam width at construction
 * @param quantize none, int8 or int4 (see {@link Quantize})
 * @param movies number of documents (movies)
 * @param createdAt ISO-8601 instant of the build
 * @param luceneVersion Lucene version that wrote the index
 * @param buildThreads graph-building threads used
 */
public record IndexInfo(
    int formatVersion,
    String modelId,
    int factors,
    int dim,
    String similarity,
    Transform transform,
    float maxNorm,
    int m,
    int beamWidth,
    Quantize quantize,
    int movies,
    String createdAt,
    String luceneVersion,
    int buildThreads) {

  /** The commit user data for this info. */
  public Map<String, String> toCommitData() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(KEY_FORMAT, FORMAT);
    d.put(KEY_FORMAT_VERSION, Integer.toString(formatVersion));
    d.put(KEY_MODEL_ID, modelId);
    d.put(KEY_FACTORS, Integer.toString(factors));
    d.put(KEY_DIM, Integer.toString(dim));
    d.put(KEY_SIMILARITY, similarity);
    d.put(KEY_TRANSFORM, transform.label());
    d.put(KEY_MAX_NORM, Float.toString(maxNorm));
    d.put(KEY_HNSW_M, Integer.toString(m));
    d.put(KEY_HNSW_BEAM_WIDTH, Integer.toString(beamWidth));
    d.put(KEY_QUANTIZE, quantize.label());
    d.put(KEY_MOVIES, Integer.toString(movies));
    d.put(KEY_CREATED_AT, createdAt);
    d.put(KEY_LUCENE_VERSION, luceneVersion);
    d.put(KEY_BUILD_THREADS, Integer.toString(buildThreads));
    return d;
  }

  /**
   * Parses commit user data, checking the format name and version range first.
   *
   * @param where the index directory, for messages
   */
  public static IndexInfo fromCommitData(Map<String, String> d, String where)
      throws IndexException {
    if (!FORMAT.equals(d.get(KEY_FORMAT))) {
      throw new IndexException(
          where
              + " is a Lucene index but not a Marquee movie index (commit data "
              + KEY_FORMAT
              + "="
              + d.get(KEY_FORMAT)
              + ", expected "
              + FORMAT
              + ")");
    }
    int version = integer(d, KEY_FORMAT_VERSION, where);
    if (version > FORMAT_VERSION || version < MIN_FORMAT_VERSION) {
      throw new IndexException(
          where
              + ": index format version "
              + version
              + " is not supported by this build (reads "
              + MIN_FORMAT_VERSION
              + ".."
              + FORMAT_VERSION
              + "); "
              + (version > FORMAT_VERSION ? "upgrade Marquee" : "rebuild the index"));
    }
    try {
      return new IndexInfo(
          version,
          string(d, KEY_MODEL_ID, where),
          integer(d, KEY_FACTORS, where),
          integer(d, KEY_DIM, where),
          string(d, KEY_SIMILARITY, where),
          Transform.parse(string(d, KEY_TRANSFORM, where)),
          Float.parseFloat(string(d, KEY_MAX_NORM, where)),
          integer(d, KEY_HNSW_M, where),
          integer(d, KEY_HNSW_BEAM_WIDTH, where),
          Quantize.parse(string(d, KEY_QUANTIZE, where)),
          integer(d, KEY_MOVIES, where),
          string(d, KEY_CREATED_AT, where),
          string(d, KEY_LUCENE_VERSION, where),
          integer(d, KEY_BUILD_THREADS, where));
    } catch (IllegalArgumentException ex) {
      throw new IndexException(where + ": corrupt commit data: " + ex.getMessage(), ex);
    }
  }

  private static String string(Map<String, String> d, String key, String where)
      throws IndexException {
    String v = d.get(key);
    if (v == null) {
      throw new IndexException(where + ": commit data has no " + key);
    }
    return v;
  }

  private static int integer(Map<String, String> d, String key, String where)
      throws IndexException {
    String v = string(d, key, where);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException ex) {
      throw new IndexException(where + ": commit data " + key + "=" + v + " is not an integer");
    }
  }
}
