package dev.marquee.data;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summary numbers of a dataset, as {@code data stats} prints them.
 *
 * @param name dataset name
 * @param format its layout
 * @param fingerprint SHA-256 of the ratings file
 * @param users number of users
 * @param movies number of movies (including any without ratings)
 * @param ratings number of ratings
 * @param genres size of the genre vocabulary
 * @param occupations size of the occupation vocabulary
 * @param minRating lowest rating on the scale
 * @param maxRating highest rating on the scale
 * @param meanRating mean of all ratings
 * @param sparsity 1 - ratings / (users * movies)
 * @param histogram number of ratings per rating value, ascending ("1" -> 6110, "3.5" -> ...)
 * @param perUser ratings per user
 * @param perMovie ratings per movie
 * @param skippedLines lines skipped in lenient mode
 */
// `data stats --json` has printed these names since it shipped; the launchers' other JSON is
// snake_case.
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record DatasetStats(
    String name,
    DatasetFormat format,
    String fingerprint,
    int users,
    int movies,
    int ratings,
    int genres,
    int occupations,
    float minRating,
    float maxRating,
    double meanRating,
    double sparsity,
    Map<String, Long> histogram,
    Percentiles perUser,
    Percentiles perMovie,
    int skippedLines) {

  /**
   * Nearest-rank percentiles of a count distribution.
   *
   * @param min smallest
   * @param p50 median
   * @param p90 90th percentile
   * @param p99 99th percentile
   * @param max largest
   */
  public record Percentiles(int min, int p50, int p90, int p99, int max) {
    /** Percentiles of {@code counts} (sorted in place). */
    static Percentiles of(int[] counts) {
      if (counts.length == 0) {
        return new Percentiles(0, 0, 0, 0, 0);
      }
      Arrays.sort(counts);
      return new Percentiles(
          counts[0],
          rank(counts, 0.50),
          rank(counts, 0.90),
          rank(counts, 0.99),
          counts[counts.length - 1]);
    }

    private static int rank(int[] sorted, double p) {
      int r = (int) Math.ceil(p * sorted.length); // nearest-rank, 1-based
      return sorted[Math.max(0, r - 1)];
    }
  }

  public DatasetStats {
    histogram = Collections.unmodifiableMap(new LinkedHashMap<>(histogram));
  }

  /** Computes the stats of {@code d}. */
  public static DatasetStats of(Dataset d) {
    Ratings r = d.ratings();
    int[] perUser = new int[d.userIds().size()];
    int[] perMovie = new int[d.movieIds().size()];
    TreeMap<Float, Long> hist = new TreeMap<>();
    double sum = 0;
    for (int i = 0; i < r.size(); i++) {
      perUser[r.user()[i]]++;
      perMovie[r.movie()[i]]++;
      float v = r.value()[i];
      sum += v;
      hist.merge(v, 1L, Long::sum);
    }
    Map<String, Long> histogram = new LinkedHashMap<>();
    hist.forEach((k, v) -> histogram.put(RatingsParser.fmt(k), v));
    double cells = (double) perUser.length * perMovie.length;
    return new DatasetStats(
        d.name(),
        d.format(),
        d.fingerprint(),
        perUser.length,
        perMovie.length,
        r.size(),
        d.genres().size(),
        d.occupations().size(),
        d.minRating(),
        d.maxRating(),
        r.size() == 0 ? 0 : sum / r.size(),
        cells == 0 ? 0 : 1 - r.size() / cells,
        histogram,
        Percentiles.of(perUser),
        Percentiles.of(perMovie),
        d.skippedLines());
  }
}
