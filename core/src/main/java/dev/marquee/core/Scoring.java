package dev.marquee.core;

import org.apache.lucene.util.VectorUtil;

/**
 * The one definition of the model's score and of the retrieval vector layout.
 *
 * <p>score = u·m + b_u + b_m; predicted rating = lo + (hi - lo) * sigmoid(score). For retrieval the
 * movie is stored as [m ; b_m] and the query is [u ; 1], so their dot product is u·m + b_m: the user
 * bias is the same for every movie of one user, so it does not change the ranking and is added at
 * rerank only.
 */
public final class Scoring {
  private Scoring() {}

  /** Dot product of two equal-length vectors (Lucene's SIMD implementation). */
  public static float dot(float[] a, float[] b) {
    return VectorUtil.dotProduct(a, b);
  }

  /** The model's raw score u·m + b_u + b_m. */
  public static float score(float[] user, float userBias, float[] movie, float movieBias) {
    return dot(user, movie) + userBias + movieBias;
  }

  /** The ranking score u·m + c_m: what Recommend orders by and the index serves as [u ; 1]·[m ; c_m]. */
  public static float retrievalScore(float[] user, float[] movie, float movieRetrievalBias) {
    return dot(user, movie) + movieRetrievalBias;
  }

  /** Maps a raw score onto the rating scale [lo, hi] through a sigmoid. */
  public static float predictedRating(float score, float lo, float hi) {
    return (float) (lo + (hi - lo) / (1.0 + Math.exp(-score)));
  }

  /** The indexed movie vector [m ; b_m]. */
  public static float[] itemVector(float[] movie, float movieBias) {
    float[] v = java.util.Arrays.copyOf(movie, movie.length + 1);
    v[movie.length] = movieBias;
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
