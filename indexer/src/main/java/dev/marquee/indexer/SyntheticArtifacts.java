package dev.marquee.indexer;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Genres;
import dev.marquee.core.Manifest;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.MovieInfo;
import dev.marquee.core.RatingLog;
import dev.marquee.core.UserInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic model artifacts with the structure of a trained two-tower model, for tests and
 * benchmarks at any scale (the trainer's real models are small). Deterministic for a seed.
 *
 * <ul>
 *   <li>about sqrt(movies) clusters (between 4 and 1,000) with Zipf-like sizes, each with a random
 *       unit-scale centre, a main genre (one of {@link Genres#REAL}) and a typical release year;
 *   <li>movie vector = (centre + noise) normalised, times a lognormal norm (sigma 0.5 by default):
 *       popular "strong" movies have long vectors, which is what makes inner-product search hard;
 *   <li>rating bias b_m ~ N(0, 0.3) plus 0.2 log(norm); retrieval bias c_m ~ N(0, 0.25) (its own
 *       random stream, so everything else is what the seed gave before c_m existed) plus 0.2
 *       log(norm) minus 0.12 log(cluster rank + 1), a popularity term (clusters are Zipf-sized,
 *       rank 0 the largest), so the ranking and the rating orders differ as in a trained model;
 *       then centred (a shift changes no ranking, and a softmax-trained c_m has no preferred offset
 *       either);
 *   <li>user = a cluster centre times a lognormal scale plus noise, user bias ~ N(0, 0.2);
 *   <li>a small rating log: 5..34 ratings per user, mostly from the user's own cluster, rating =
 *       round(3 + 1.5 tanh(rating logit + noise)).
 * </ul>
 */
public final class SyntheticArtifacts {
  private static final List<String> OCCUPATIONS =
      List.of("educator", "engineer", "student", "programmer", "writer", "other");

  private SyntheticArtifacts() {}

  /** Default sigma of log(movie norm). */
  public static final double DEFAULT_NORM_SIGMA = 0.5;

  /** Generates an artifact in memory (its manifest is a draft: write it to get the model id). */
  public static ModelArtifact generate(int movies, int users, int factors, long seed) {
    return generate(movies, users, factors, seed, DEFAULT_NORM_SIGMA);
  }

  /**
   * As {@link #generate(int, int, int, long)} with the spread of movie norms: log(norm) ~ N(0,
   * normSigma). Larger spreads make inner-product search harder (a few long vectors dominate).
   */
  public static ModelArtifact generate(
      int movies, int users, int factors, long seed, double normSigma) {
    if (!(normSigma >= 0 && normSigma <= 3)) {
      throw new IllegalArgumentException("norm sigma must be in [0, 3]; norm-sigma=" + normSigma);
    }
    if (movies < 1 || users < 1 || factors < 1) {
      throw new IllegalArgumentException(
          "movies, users and factors must be >= 1; movies="
              + movies
              + " users="
              + users
              + " factors="
              + factors);
    }
    Random r = new Random(seed);
    int clusters = (int) Math.max(4, Math.min(1000, Math.round(Math.sqrt(movies))));
    float[][] centres = new float[clusters][factors];
    int[] mainGenre = new int[clusters];
    int[] baseYear = new int[clusters];
    double[] cumulative = new double[clusters];
    double total = 0;
    double scale = 1 / Math.sqrt(factors);
    for (int c = 0; c < clusters; c++) {
      for (int j = 0; j < factors; j++) {
        centres[c][j] = (float) (r.nextGaussian() * scale);
      }
      mainGenre[c] = r.nextInt(Genres.REAL.size());
      baseYear[c] = 1930 + r.nextInt(91);
      total += 1 / Math.pow(c + 1, 0.8);
      cumulative[c] = total;
    }

    long[] movieIds = new long[movies];
    float[][] movieVectors = new float[movies][factors];
    float[] movieBias = new float[movies];
    float[] movieRetrievalBias = new float[movies];
    Random popularity = new Random(seed ^ 0x9E3779B97F4A7C15L);
    int[] movieCluster = new int[movies];
    List<MovieInfo> movieInfos = new ArrayList<>(movies);
    int[] clusterSize = new int[clusters];
    for (int i = 0; i < movies; i++) {
      int c = pick(cumulative, total, r);
      movieCluster[i] = c;
      clusterSize[c]++;
      float[] v = movieVectors[i];
      double n2 = 0;
      for (int j = 0; j < factors; j++) {
        v[j] = (float) (centres[c][j] + 0.6 * r.nextGaussian() * scale);
        n2 += v[j] * v[j];
      }
      double norm = Math.exp(normSigma * r.nextGaussian());
      double f = norm / Math.sqrt(n2);
      for (int j = 0; j < factors; j++) {
        v[j] = (float) (v[j] * f);
      }
      movieBias[i] = (float) (0.3 * r.nextGaussian() + 0.2 * Math.log(norm));
      movieRetrievalBias[i] =
          (float)
              (0.25 * popularity.nextGaussian() + 0.2 * Math.log(norm) - 0.12 * Math.log(c + 1));
      movieIds[i] = i + 1;
      List<String> genres = new ArrayList<>();
      if (r.nextDouble() < 0.8) {
        genres.add(Genres.REAL.get(mainGenre[c]));
      }
      for (int extra = r.nextInt(3); extra > 0 || genres.isEmpty(); extra--) {
        String g = Genres.REAL.get(r.nextInt(Genres.REAL.size()));
        if (!genres.contains(g)) {
          genres.add(g);
        }
      }
      int year =
          r.nextDouble() < 0.02
              ? 0
              : (int)
                  Math.max(1900, Math.min(2025, Math.round(baseYear[c] + 8 * r.nextGaussian())));
      movieInfos.add(new MovieInfo(i + 1, "Synthetic Movie " + (i + 1), year, genres));
    }
    double meanRetrievalBias = 0;
    for (float c : movieRetrievalBias) {
      meanRetrievalBias += c;
    }
    meanRetrievalBias /= movies;
    for (int i = 0; i < movies; i++) {
      movieRetrievalBias[i] = (float) (movieRetrievalBias[i] - meanRetrievalBias);
    }
    int[][] members = new int[clusters][];
    for (int c = 0; c < clusters; c++) {
      members[c] = new int[clusterSize[c]];
    }
    int[] fill = new int[clusters];
    for (int i = 0; i < movies; i++) {
      members[movieCluster[i]][fill[movieCluster[i]]++] = i;
    }

    long[] userIds = new long[users];
    float[][] userVectors = new float[users][factors];
    float[] userBias = new float[users];
    List<UserInfo> userInfos = new ArrayList<>(users);
    List<int[]> triples = new ArrayList<>();
    List<Float> values = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int c = pick(cumulative, total, r);
      double s = Math.exp(0.3 * r.nextGaussian()) * Math.sqrt(factors) * 0.5;
      for (int j = 0; j < factors; j++) {
        userVectors[u][j] = (float) (centres[c][j] * s + 0.5 * r.nextGaussian() * scale);
      }
      userBias[u] = (float) (0.2 * r.nextGaussian());
      userIds[u] = u + 1;
      userInfos.add(
          new UserInfo(
              u + 1,
              18 + r.nextInt(53),
              r.nextBoolean() ? "M" : "F",
              OCCUPATIONS.get(r.nextInt(OCCUPATIONS.size()))));
      int count = Math.min(movies, 5 + r.nextInt(30));
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (int t = 0; t < count * 3 && seen.size() < count; t++) {
        int m =
            members[c].length > 0 && r.nextDouble() < 0.7
                ? members[c][r.nextInt(members[c].length)]
                : r.nextInt(movies);
        if (seen.add(m)) {
          double score =
              dev.marquee.core.Scoring.score(
                      userVectors[u], userBias[u], movieVectors[m], movieBias[m])
                  + 0.5 * r.nextGaussian();
          triples.add(new int[] {u, m});
          values.add((float) Math.max(1, Math.min(5, Math.round(3 + 1.5 * Math.tanh(score)))));
        }
      }
    }
    int[] ru = new int[triples.size()], rm = new int[triples.size()];
    float[] rv = new float[triples.size()];
    for (int i = 0; i < ru.length; i++) {
      ru[i] = triples.get(i)[0];
      rm[i] = triples.get(i)[1];
      rv[i] = values.get(i);
    }
    // No trainer, so no training config: the generator's settings, which determine the data, are
    // its fingerprint.
    String fingerprint =
        "synthetic:movies="
            + movies
            + ",users="
            + users
            + ",factors="
            + factors
            + ",seed="
            + seed
            + ",clusters="
            + clusters
            + ",norm_sigma="
            + normSigma;
    Manifest draft =
        Manifest.draft("synthetic", fingerprint, "none", "none", 1f, 5f, 1f, 5f, null, Map.of());
    Embeddings e =
        new Embeddings(
            factors,
            userIds,
            userVectors,
            userBias,
            movieIds,
            movieVectors,
            movieBias,
            movieRetrievalBias,
            List.of());
    return new ModelArtifact(draft, e, movieInfos, userInfos, RatingLog.of(users, ru, rm, rv));
  }

  /** Generates and writes an artifact to {@code dir} through the model writer. */
  public static ModelArtifact write(Path dir, int movies, int users, int factors, long seed)
      throws IOException {
    return ModelArtifacts.write(dir, generate(movies, users, factors, seed));
  }

  /** Generates with a given norm spread and writes the artifact to {@code dir}. */
  public static ModelArtifact write(
      Path dir, int movies, int users, int factors, long seed, double normSigma)
      throws IOException {
    return ModelArtifacts.write(dir, generate(movies, users, factors, seed, normSigma));
  }

  private static int pick(double[] cumulative, double total, Random r) {
    double x = r.nextDouble() * total;
    int i = java.util.Arrays.binarySearch(cumulative, x);
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }
}
