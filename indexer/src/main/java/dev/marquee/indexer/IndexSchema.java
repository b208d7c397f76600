package dev.marquee.indexer;

/**
 * The Marquee movie index format, version {@link #FORMAT_VERSION}: every field name and commit
 * user-data key in one place, so the builder, {@link MovieIndex} and the server agree.
 *
 * <p>One Lucene document per movie of the model artifact, added in artifact order, in a single
 * segment:
 *
 * <ul>
 *   <li>{@link #MOVIE_ID} ({@code long}): the dataset movie id; indexed as points (exclusion
 *       filters), doc values (docId to id mapping) and stored;
 *   <li>{@link #MOVIE_INDEX} ({@code int}): the row of the movie in the artifact's {@code
 *       movie_vectors}; doc values and stored. The server reranks with that row;
 *   <li>{@link #TITLE}: stored only;
 *   <li>{@link #YEAR} ({@code int}, 0 when unknown): points (range filters), doc values, stored;
 *   <li>{@link #GENRE}: one keyword per genre (multi-valued), indexed for term filters, doc values
 *       and stored;
 *   <li>{@link #VECTOR}: the retrieval vector, {@code [m ; c_m]} (c_m the movie's retrieval bias,
 *       not its rating bias: see {@code Scoring}) of dimension factors + 1 with similarity {@code
 *       MAXIMUM_INNER_PRODUCT} (transform {@code none}), or with transform {@code cosine} the unit
 *       vector {@code [m ; c_m ; sqrt(X^2 - |[m;c_m]|^2)] / X} (X the largest norm, dimension
 *       factors + 2) with similarity {@code DOT_PRODUCT}.
 * </ul>
 *
 * <p>The commit user data holds the keys below. Readers accept format versions {@link
 * #MIN_FORMAT_VERSION}..{@link #FORMAT_VERSION} and fail naming both.
 */
public final class IndexSchema {
  private IndexSchema() {}

  /** Value of {@link #KEY_FORMAT}. */
  public static final String FORMAT = "marquee-index";

  /** The version this build writes. */
  public static final int FORMAT_VERSION = 1;

  /** The oldest version this build reads. */
  public static final int MIN_FORMAT_VERSION = 1;

  // Fields.
  public static final String MOVIE_ID = "movie_id";
  public static final String MOVIE_INDEX = "movie_index";
  public static final String TITLE = "title";
  public static final String YEAR = "year";
  public static final String GENRE = "genre";
  public static final String VECTOR = "vector";

  // Commit user data keys.
  public static final String KEY_FORMAT = "marquee.format";
  public static final String KEY_FORMAT_VERSION = "marquee.format_version";
  public static final String KEY_MODEL_ID = "marquee.model_id";
  public static final String KEY_FACTORS = "marquee.factors";

  /** Dimension of the indexed vector (factors + 1, or + 2 with the cosine transform). */
  public static final String KEY_DIM = "marquee.dim";

  public static final String KEY_SIMILARITY = "marquee.similarity";
  public static final String KEY_TRANSFORM = "marquee.transform";

  /** The largest norm of [m ; c_m] (the transform's X); recorded for every transform. */
  public static final String KEY_MAX_NORM = "marquee.max_norm";

  public static final String KEY_HNSW_M = "marquee.hnsw_m";
  public static final String KEY_HNSW_BEAM_WIDTH = "marquee.hnsw_beam_width";
  public static final String KEY_QUANTIZE = "marquee.quantize";
  public static final String KEY_MOVIES = "marquee.movies";
  public static final String KEY_CREATED_AT = "marquee.created_at";
  public static final String KEY_LUCENE_VERSION = "marquee.lucene_version";
  public static final String KEY_BUILD_THREADS = "marquee.build_threads";
}
