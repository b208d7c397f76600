package dev.marquee.core;

/**
 * Every rating in the dataset, grouped by user (compressed sparse rows): user index u rated {@code
 * movies[offsets[u] .. offsets[u+1])} (movie indices, ascending) with the matching {@code ratings}.
 * The server uses it to exclude seen movies and to explain recommendations.
 */
public record RatingLog(long[] offsets, int[] movies, float[] ratings) {
  public RatingLog {
    if (offsets.length == 0
        || offsets[0] != 0
        || offsets[offsets.length - 1] != movies.length
        || movies.length != ratings.length) {
      throw new IllegalArgumentException(
          "inconsistent rating log: "
              + offsets.length
              + " offsets, "
              + movies.length
              + " movies, "
              + ratings.length
              + " ratings");
    }
  }

  /** Builds the log from parallel arrays of (user index, movie index, rating) in any order. */
  public static RatingLog of(int users, int[] user, int[] movie, float[] rating) {
    long[] offsets = new long[users + 1];
    for (int u : user) {
      offsets[u + 1]++;
    }
    for (int u = 0; u < users; u++) {
      offsets[u + 1] += offsets[u];
    }
    long[] next = java.util.Arrays.copyOf(offsets, users);
    long[] packed = new long[user.length];
    int[] order = new int[user.length];
    for (int i = 0; i < user.length; i++) {
      order[(int) next[user[i]]++] = i;
    }
    int[] movies = new int[user.length];
    float[] ratings = new float[user.length];
    for (int u = 0; u < users; u++) {
      int from = (int) offsets[u], to = (int) offsets[u + 1];
      for (int j = from; j < to; j++) {
        packed[j] = ((long) movie[order[j]] << 32) | order[j];
      }
      java.util.Arrays.sort(packed, from, to);
      for (int j = from; j < to; j++) {
        int i = (int) packed[j];
        movies[j] = movie[i];
        ratings[j] = rating[i];
      }
    }
    return new RatingLog(offsets, movies, ratings);
  }

  /** Number of users. */
  public int users() {
    return offsets.length - 1;
  }

  /** Number of ratings of user index u. */
  public int count(int u) {
    return (int) (offsets[u + 1] - offsets[u]);
  }

  /** The movie indices user u rated, ascending (a copy). */
  public int[] moviesOf(int u) {
    return java.util.Arrays.copyOfRange(movies, (int) offsets[u], (int) offsets[u + 1]);
  }

  /** The ratings user u gave, aligned with {@link #moviesOf(int)} (a copy). */
  public float[] ratingsOf(int u) {
    return java.util.Arrays.copyOfRange(ratings, (int) offsets[u], (int) offsets[u + 1]);
  }

  /** User u's rating of movie index m, or NaN when u did not rate m. */
  public float rating(int u, int m) {
    int i = java.util.Arrays.binarySearch(movies, (int) offsets[u], (int) offsets[u + 1], m);
    return i >= 0 ? ratings[i] : Float.NaN;
  }
}
