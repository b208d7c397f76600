package dev.marquee.data;

/**
 * What {@link SyntheticDataset#write} generates.
 *
 * @param users number of users (ids 1..users)
 * @param movies number of movies (ids 1..movies)
 * @param ratings total number of ratings, at most {@code users * movies}
 * @param factors dimension of the planted latent factors
 * @param seed everything is a function of it: same seed, same bytes
 * @param format {@link DatasetFormat#ML_100K} or {@link DatasetFormat#CSV}
 */
public record SynthConfig(int users, int movies, long ratings, int factors, long seed, DatasetFormat format) {
  public SynthConfig {
    if (users < 1) {
      throw new IllegalArgumentException("users must be >= 1; users=" + users);
    }
    if (movies < 1) {
      throw new IllegalArgumentException("movies must be >= 1; movies=" + movies);
    }
    if (factors < 1 || factors > 1024) {
      throw new IllegalArgumentException("factors must be in [1, 1024]; factors=" + factors);
    }
    if (ratings < 0 || ratings > (long) users * movies) {
      throw new IllegalArgumentException("ratings must be in [0, users * movies = " + (long) users * movies
          + "]; ratings=" + ratings);
    }
    if (format != DatasetFormat.ML_100K && format != DatasetFormat.CSV) {
      throw new IllegalArgumentException("format must be ML_100K or CSV; format=" + format);
    }
  }

  /** A small ML-100K-format fixture: 8 factors, seed 42. */
  public static SynthConfig small(int users, int movies, long ratings) {
    return new SynthConfig(users, movies, ratings, 8, 42, DatasetFormat.ML_100K);
  }

  /** The same config with another seed. */
  public SynthConfig withSeed(long newSeed) {
    return new SynthConfig(users, movies, ratings, factors, newSeed, format);
  }

  /** The same config in another format. */
  public SynthConfig withFormat(DatasetFormat newFormat) {
    return new SynthConfig(users, movies, ratings, factors, seed, newFormat);
  }
}
