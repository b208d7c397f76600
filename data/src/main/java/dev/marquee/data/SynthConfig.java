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
 * @param noise standard deviation of the rating noise, in stars (default {@link #DEFAULT_NOISE})
 * @param taste how strongly taste, not only popularity, decides which movies a user rates: a user
 *     picks movie m with weight {@code popularity(m) * exp(taste * userFactors . movieFactors)}. 0
 *     (the default) is popularity alone, where most-popular is the best possible ranking; tests of
 *     ranking objectives need taste > 0
 */
public record SynthConfig(
    int users,
    int movies,
    long ratings,
    int factors,
    long seed,
    DatasetFormat format,
    double noise,
    double taste) {
  /** The rating noise of {@link #SynthConfig(int, int, long, int, long, DatasetFormat)}. */
  public static final double DEFAULT_NOISE = 0.5;

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
      throw new IllegalArgumentException(
          "ratings must be in [0, users * movies = "
              + (long) users * movies
              + "]; ratings="
              + ratings);
    }
    if (format != DatasetFormat.ML_100K && format != DatasetFormat.CSV) {
      throw new IllegalArgumentException("format must be ML_100K or CSV; format=" + format);
    }
    if (!(noise >= 0 && noise <= 5)) {
      throw new IllegalArgumentException("noise must be in [0, 5]; noise=" + noise);
    }
    if (!(taste >= 0 && taste <= 10)) {
      throw new IllegalArgumentException("taste must be in [0, 10]; taste=" + taste);
    }
  }

  /** Default noise, choices by popularity alone. */
  public SynthConfig(
      int users, int movies, long ratings, int factors, long seed, DatasetFormat format) {
    this(users, movies, ratings, factors, seed, format, DEFAULT_NOISE, 0);
  }

  /** A small ML-100K-format fixture: 8 factors, seed 42. */
  public static SynthConfig small(int users, int movies, long ratings) {
    return new SynthConfig(users, movies, ratings, 8, 42, DatasetFormat.ML_100K);
  }

  /** The same config with another seed. */
  public SynthConfig withSeed(long newSeed) {
    return new SynthConfig(users, movies, ratings, factors, newSeed, format, noise, taste);
  }

  /** The same config in another format. */
  public SynthConfig withFormat(DatasetFormat newFormat) {
    return new SynthConfig(users, movies, ratings, factors, seed, newFormat, noise, taste);
  }

  /** The same config with another planted dimension. */
  public SynthConfig withFactors(int newFactors) {
    return new SynthConfig(users, movies, ratings, newFactors, seed, format, noise, taste);
  }

  /** The same config with another rating noise. */
  public SynthConfig withNoise(double newNoise) {
    return new SynthConfig(users, movies, ratings, factors, seed, format, newNoise, taste);
  }

  /** The same config with choices that follow taste this strongly (see {@link #taste()}). */
  public SynthConfig withTaste(double newTaste) {
    return new SynthConfig(users, movies, ratings, factors, seed, format, noise, newTaste);
  }
}
