package dev.marquee.server;

import dev.marquee.core.MovieSet;
import dev.marquee.core.RatingLog;

/**
 * What the model's users have rated: the seen movies Recommend leaves out, the ratings
 * PredictRatings reports, and the liked movies that explain recommendations. Built from the
 * artifact's rating log at load and read-only; the rest of the server reaches histories only
 * through these few methods; live ratings are layered on top per user by {@link LiveUsers}.
 */
public final class UserHistories {
  private final RatingLog log;
  private final float[][] movieVectors;
  private final float[] movieInvNorm;
  private final long[] movieIds;

  /**
   * The rating from which a movie counts as liked for explanations: 0.8 x the dataset's highest
   * rating (4 on MovieLens' 1..5 scale), taken from the rating log rather than the model's y range
   * because trainers widen the range (e.g. 0..5.5).
   */
  private final float likedThreshold;

  private final LikedMovies[] liked;

  /**
   * @param log every rating, by user index
   * @param movieVectors m per movie, for the liked movies' unit vectors
   * @param movieInvNorm 1 / |m| per movie (0 for a zero vector)
   * @param movieIds ids per movie, for ties
   * @param yMax the model's highest rating, for the liked threshold of a model without ratings
   */
  UserHistories(
      RatingLog log, float[][] movieVectors, float[] movieInvNorm, long[] movieIds, float yMax) {
    this.log = log;
    this.movieVectors = movieVectors;
    this.movieInvNorm = movieInvNorm;
    this.movieIds = movieIds;
    float maxRating = Float.NEGATIVE_INFINITY;
    for (float r : log.ratings()) {
      maxRating = Math.max(maxRating, r);
    }
    this.likedThreshold = maxRating == Float.NEGATIVE_INFINITY ? yMax * 0.8f : 0.8f * maxRating;
    this.liked = new LikedMovies[log.users()];
    for (int u = 0; u < liked.length; u++) {
      liked[u] =
          LikedMovies.of(
              movieVectors,
              movieInvNorm,
              movieIds,
              log.movies(),
              log.ratings(),
              (int) log.offsets()[u],
              (int) log.offsets()[u + 1],
              likedThreshold);
    }
  }

  /** Number of ratings of all users. */
  public long ratingCount() {
    return log.movies().length;
  }

  /** User index u's rating of movie index m, or NaN when u did not rate m. */
  public float rating(int u, int m) {
    return log.rating(u, m);
  }

  /** Removes the movies user index u has rated from {@code movies}. */
  public void removeSeen(int u, MovieSet movies) {
    int[] rated = log.movies();
    for (int j = (int) log.offsets()[u], to = (int) log.offsets()[u + 1]; j < to; j++) {
      movies.remove(rated[j]);
    }
  }

  /** The highly rated movies of user index u, for explanations. */
  LikedMovies liked(int u) {
    return liked[u];
  }

  /**
   * The liked movies of a profile that is not in the model, picked as for a known user.
   *
   * @param movies the rated movie indices, ascending (the rating log's order)
   * @param ratings their ratings, aligned with {@code movies}
   */
  LikedMovies likedOf(int[] movies, float[] ratings) {
    return LikedMovies.of(
        movieVectors, movieInvNorm, movieIds, movies, ratings, 0, movies.length, likedThreshold);
  }

  /** A user's ratings: movie indices ascending, and the ratings aligned with them. */
  record Rated(int[] movies, float[] ratings) {}

  /** User index u's training ratings. */
  Rated trainingOf(int u) {
    return new Rated(log.moviesOf(u), log.ratingsOf(u));
  }

  /**
   * User index u's ratings after live ratings (-1: a user the model does not know): the training
   * ratings with {@code live} added or replacing them.
   */
  Rated with(int u, Rated live) {
    if (u < 0) {
      return live;
    }
    int[] old = log.moviesOf(u);
    float[] oldRatings = log.ratingsOf(u);
    int[] movies = live.movies();
    float[] ratings = live.ratings();
    int[] m = new int[old.length + movies.length];
    float[] r = new float[m.length];
    int i = 0, j = 0, n = 0;
    while (i < old.length || j < movies.length) {
      if (j == movies.length || (i < old.length && old[i] < movies[j])) {
        m[n] = old[i];
        r[n++] = oldRatings[i++];
      } else {
        if (i < old.length && old[i] == movies[j]) {
          i++; // the live rating replaces the training one
        }
        m[n] = movies[j];
        r[n++] = ratings[j++];
      }
    }
    return new Rated(java.util.Arrays.copyOf(m, n), java.util.Arrays.copyOf(r, n));
  }
}
