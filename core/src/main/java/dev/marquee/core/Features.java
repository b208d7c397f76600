package dev.marquee.core;

import java.util.List;

/**
 * Features-only tower outputs, for users and movies the model has never seen. The trainer's towers
 * combine features exactly this way (sum of the user's feature rows; mean of the genre rows plus
 * the year row for a movie), so a features-only vector lives in the same space as trained ones.
 */
public final class Features {
  private Features() {}

  public static final String USER_AGE = "user.age";
  public static final String USER_GENDER = "user.gender";
  public static final String USER_OCCUPATION = "user.occupation";
  public static final String MOVIE_GENRE = "movie.genre";
  public static final String MOVIE_YEAR = "movie.year";

  /** A vector with its bias. */
  public record Vector(float[] vector, float bias) {}

  /** True when the model has user feature tables. */
  public static boolean hasUserFeatures(Embeddings e) {
    return e.feature(USER_AGE).isPresent()
        || e.feature(USER_GENDER).isPresent()
        || e.feature(USER_OCCUPATION).isPresent();
  }

  /**
   * Sum of the user's age-bucket, gender and occupation rows (tables the model lacks contribute
   * nothing).
   */
  public static Vector user(Embeddings e, int age, String gender, String occupation) {
    float[] v = new float[e.dim()];
    float b = 0;
    b += add(e, USER_AGE, Buckets.age(age), v, 1f);
    b += add(e, USER_GENDER, gender == null || gender.isEmpty() ? Buckets.UNKNOWN : gender, v, 1f);
    b +=
        add(
            e,
            USER_OCCUPATION,
            occupation == null || occupation.isEmpty() ? Buckets.UNKNOWN : occupation,
            v,
            1f);
    return new Vector(v, b);
  }

  /** Mean of the movie's genre rows plus its year-bucket row. */
  public static Vector movie(Embeddings e, List<String> genres, int year) {
    float[] v = new float[e.dim()];
    float b = 0;
    if (!genres.isEmpty()) {
      float w = 1f / genres.size();
      for (String g : genres) {
        b += add(e, MOVIE_GENRE, g, v, w);
      }
    }
    b += add(e, MOVIE_YEAR, Buckets.year(year), v, 1f);
    return new Vector(v, b);
  }

  private static float add(Embeddings e, String table, String value, float[] into, float weight) {
    var t = e.feature(table);
    if (t.isEmpty()) {
      return 0f;
    }
    int row = t.get().row(value);
    if (row < 0) {
      return 0f;
    }
    float[] r = t.get().vectors()[row];
    for (int i = 0; i < into.length; i++) {
      into[i] += weight * r[i];
    }
    return weight * t.get().bias()[row];
  }
}
