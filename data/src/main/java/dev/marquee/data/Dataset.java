package dev.marquee.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A MovieLens dataset in memory, as read by {@link MovieLensReader}.
 *
 * @param name the directory's name, e.g. {@code ml-100k}
 * @param format the layout it was read from
 * @param dir the directory it was read from (canonical splits read their files from here)
 * @param userIds user ids to dense indices (ascending id order)
 * @param movieIds movie ids to dense indices (ascending id order)
 * @param users index-aligned with {@code userIds}; CSV datasets (no user file) give users with
 *     unknown features
 * @param movies index-aligned with {@code movieIds}
 * @param ratings all ratings, in file order
 * @param genres genre vocabulary in dataset order (ML-100K: the 19 of u.genre, incl. "unknown")
 * @param occupations occupation vocabulary (ML-100K: u.occupation; ML-1M: its 21 code names; CSV:
 *     empty)
 * @param minRating lowest rating on the scale (1 for ML-100K/1M, 0.5 for CSV)
 * @param maxRating highest rating on the scale (5)
 * @param fingerprint SHA-256 (lowercase hex) of the ratings file's bytes: names the data a model
 *     was trained on
 * @param skippedLines malformed lines skipped in lenient mode (0 when strict)
 */
public record Dataset(
    String name,
    DatasetFormat format,
    Path dir,
    IdMap userIds,
    IdMap movieIds,
    List<User> users,
    List<Movie> movies,
    Ratings ratings,
    List<String> genres,
    List<String> occupations,
    float minRating,
    float maxRating,
    String fingerprint,
    int skippedLines) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(ratings, "ratings");
    Objects.requireNonNull(fingerprint, "fingerprint");
    users = List.copyOf(users);
    movies = List.copyOf(movies);
    genres = List.copyOf(genres);
    occupations = List.copyOf(occupations);
    if (users.size() != userIds.size()) {
      throw new IllegalArgumentException(
          "users (" + users.size() + ") not aligned with userIds (" + userIds.size() + ")");
    }
    if (movies.size() != movieIds.size()) {
      throw new IllegalArgumentException(
          "movies (" + movies.size() + ") not aligned with movieIds (" + movieIds.size() + ")");
    }
    if (!(minRating < maxRating)) {
      throw new IllegalArgumentException(
          "rating scale must have min < max; min=" + minRating + ", max=" + maxRating);
    }
  }

  /** The movie with dataset id {@code id}, or null. */
  public Movie movie(long id) {
    int i = movieIds.index(id);
    return i < 0 ? null : movies.get(i);
  }

  /** The user with dataset id {@code id}, or null. */
  public User user(long id) {
    int i = userIds.index(id);
    return i < 0 ? null : users.get(i);
  }
}
