package dev.marquee.core;

import org.apache.lucene.util.VectorUtil;

/**
 * The one definition of the model's two scores and of the retrieval vector layout. Trainer
 * evaluation, indexer, server and tests all call these, so they agree bit for bit.
 *
 * <p>One pair of towers, two heads:
 *
 * <ul>
 *   <li>Ranking ({@link #retrievalScore}): u·m + c_m, with c_m the movie's retrieval bias. This is
 *       what Recommend orders by and what the index serves: the movie is stored as {@link
 *       #itemVector [m ; c_m]} and the query is {@link #queryVector [u ; 1]}, so their dot product
 *       is the ranking score itself. It has no user term: a per-user constant cannot change one
 *       user's order.
 *   <li>Rating ({@link #score}): the logit u·m + b_u + b_m with the rating biases, mapped onto the
 *       rating scale by {@link #predictedRating}: lo + (hi - lo) * sigmoid(logit). This is what
 *       {@code predicted_rating} shows and what PredictRatings and fold-in fit.
 * </ul>
 *
 * <p>The two differ on purpose: a model trained to predict ratings ranks well-rated but rarely
 * watched movies first, while a top-N list should follow what users actually pick. The retrieval
 * bias carries that (popularity-like) signal without disturbing the rating head.
 */
public final class Scoring {
  private Scoring() {}

  /** Dot product of two equal-length vectors (Lucene's SIMD implementation). */
  public static float dot(float[] a, float[] b) {
    return VectorUtil.dotProduct(a, b);
  }

  /**
   * The rating logit u·m + b_u + b_m (rating biases); {@link #predictedRating} maps it onto the
   * rating scale. Not the ranking key: see {@link #retrievalScore}.
   */
  public static float score(float[] user, float userBias, float[] movie, float movieBias) {
    return dot(user, movie) + userBias + movieBias;
  }

  /**
   * The ranking score u·m + c_m, with c_m the movie's retrieval bias: what Recommend orders by and
   * what [u ; 1]·{@link #itemVector} computes. Summed in this order (dot first) so that the exact
   * rerank and the oracles in tests agree to the last bit.
   */
  public static float retrievalScore(float[] user, float[] movie, float movieRetrievalBias) {
    return dot(user, movie) + movieRetrievalBias;
  }

  /** Maps a rating logit ({@link #score}) onto the rating scale [lo, hi] through a sigmoid. */
  public static float predictedRating(float score, float lo, float hi) {
    return (float) (lo + (hi - lo) / (1.0 + Math.exp(-score)));
  }

  /**
   * The indexed movie vector [m ; c_m], c_m the movie's retrieval bias (not the rating bias b_m):
   * its dot product with {@link #queryVector [u ; 1]} is the ranking score {@link #retrievalScore}.
   */
  public static float[] itemVector(float[] movie, float retrievalBias) {
    float[] v = java.util.Arrays.copyOf(movie, movie.length + 1);
    v[movie.length] = retrievalBias;
    return v;
  }

  /** The query vector [u ; 1]. */
  public static float[] queryVector(float[] user) {
    float[] v = java.util.Arrays.copyOf(user, user.length + 1);
    v[user.length] = 1f;
    return v;
  }

  /** Cosine similarity; 0 when either vector is all zeros. */
  public static float cosine(float[] a, float[] b) {
    double na = dot(a, a), nb = dot(b, b);
    if (na == 0 || nb == 0) {
      return 0f;
    }
    return (float) (dot(a, b) / Math.sqrt(na * nb));
  }
}
