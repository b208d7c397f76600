package dev.marquee.server;

import dev.marquee.core.Buckets;
import dev.marquee.core.Embeddings;
import dev.marquee.core.FeatureTable;
import dev.marquee.core.Genres;
import dev.marquee.core.Manifest;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.MovieInfo;
import dev.marquee.core.RatingLog;
import dev.marquee.core.UserInfo;
import dev.marquee.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic model artifacts of the MovieLens 100K shape (943 users, 1,682 movies by default) for
 * tests: random vectors, the real titles/years/genres from the shared u.item when it is there
 * (never committed), user feature tables, and a rating log in which user 1 rated 737 movies.
 *
 * <p>The retrieval bias c_m is drawn independently of the rating bias b_m (popularity-like: the log
 * of the movie's rating count, plus noise), so the ranking order u·m + c_m and the rating order u·m
 * + b_u + b_m differ and a test can tell which one an answer follows. It comes from its own random
 * stream, so the rest of a seed's fixture is unchanged by it.
 */
final class Fixtures {
  static final List<String> OCCUPATIONS =
      List.of(Buckets.UNKNOWN, "student", "engineer", "writer", "other");

  private Fixtures() {}

  static ModelArtifact ml100kShape(long seed, boolean userFeatures) throws IOException {
    return generate(seed, 943, 1682, 32, userFeatures);
  }

  static ModelArtifact generate(long seed, int users, int movies, int dim, boolean userFeatures)
      throws IOException {
    Random r = new Random(seed);
    List<MovieInfo> infos = movieInfos(movies, r);
    long[] movieIds = new long[movies];
    float[][] mv = new float[movies][dim];
    float[] mb = new float[movies];
    for (int i = 0; i < movies; i++) {
      movieIds[i] = infos.get(i).id();
      double norm = Math.exp(0.4 * r.nextGaussian());
      for (int j = 0; j < dim; j++) {
        mv[i][j] = (float) (r.nextGaussian() / Math.sqrt(dim) * norm);
      }
      mb[i] = (float) (0.3 * r.nextGaussian());
    }
    long[] userIds = new long[users];
    float[][] uv = new float[users][dim];
    float[] ub = new float[users];
    List<UserInfo> uinfos = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      userIds[u] = u + 1;
      for (int j = 0; j < dim; j++) {
        uv[u][j] = (float) (r.nextGaussian() / Math.sqrt(dim));
      }
      ub[u] = (float) (0.2 * r.nextGaussian());
      uinfos.add(
          new UserInfo(
              u + 1,
              15 + r.nextInt(50),
              r.nextBoolean() ? "M" : "F",
              OCCUPATIONS.get(1 + r.nextInt(OCCUPATIONS.size() - 1))));
    }
    List<FeatureTable> features = new ArrayList<>();
    if (userFeatures) {
      features.add(table("user.age", Buckets.AGE, dim, r));
      features.add(table("user.gender", List.of(Buckets.UNKNOWN, "M", "F"), dim, r));
      features.add(table("user.occupation", OCCUPATIONS, dim, r));
    }
    // Ratings: user index 0 rated 737 movies; others 20..120.
    List<Integer> ru = new ArrayList<>(), rm = new ArrayList<>();
    List<Float> rr = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int n = Math.min(movies - 1, u == 0 ? 737 : 20 + r.nextInt(100));
      Set<Integer> seen = new HashSet<>();
      while (seen.size() < n) {
        seen.add(r.nextInt(movies));
      }
      for (int m : seen) {
        ru.add(u);
        rm.add(m);
        rr.add((float) (1 + r.nextInt(5)));
      }
    }
    int[] a = ru.stream().mapToInt(Integer::intValue).toArray();
    int[] b = rm.stream().mapToInt(Integer::intValue).toArray();
    float[] c = new float[rr.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = rr.get(i);
    }
    Embeddings e =
        new Embeddings(
            dim, userIds, uv, ub, movieIds, mv, mb, retrievalBias(seed, movies, b), features);
    Manifest draft =
        Manifest.draft(
            "synthetic-ml-100k",
            "seed-" + seed,
            "none",
            userFeatures ? "user" : "none",
            1f,
            5f,
            1f,
            5f,
            null,
            Map.of("valid_rmse", 0.9));
    return new ModelArtifact(draft, e, infos, uinfos, RatingLog.of(users, a, b, c));
  }

  /**
   * c_m = 0.5 (log(1 + ratings of m) - its mean) + N(0, 0.3), from a stream of its own (see the
   * class comment). Centred like a softmax-trained bias (a shift changes no ranking), since a large
   * common offset in the last coordinate of [m ; c_m] makes inner-product graph search needlessly
   * hard.
   */
  static float[] retrievalBias(long seed, int movies, int[] ratedMovies) {
    int[] count = new int[movies];
    for (int m : ratedMovies) {
      count[m]++;
    }
    double mean = 0;
    for (int i = 0; i < movies; i++) {
      mean += Math.log1p(count[i]) / movies;
    }
    Random r = new Random(seed ^ 0x9E3779B97F4A7C15L);
    float[] c = new float[movies];
    for (int i = 0; i < movies; i++) {
      c[i] = (float) (0.5 * (Math.log1p(count[i]) - mean) + 0.3 * r.nextGaussian());
    }
    return c;
  }

  /**
   * Copies the index at {@code source} to {@code target} with 64 bytes inverted in the middle of
   * its vectors file ({@code .vec}), as a failing disk would; returns that file's name.
   */
  static String corruptIndexCopy(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    String vec = null;
    try (var files = Files.list(source)) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
        if (f.getFileName().toString().endsWith(".vec")) {
          vec = f.getFileName().toString();
        }
      }
    }
    if (vec == null) {
      throw new IOException("no .vec file in " + source);
    }
    byte[] b = Files.readAllBytes(target.resolve(vec));
    for (int i = b.length / 2; i < b.length / 2 + 64; i++) {
      b[i] = (byte) ~b[i];
    }
    Files.write(target.resolve(vec), b);
    return vec;
  }

  /** Writes the artifact under {@code dir} and returns it with its final manifest (model id). */
  static ModelArtifact write(Path dir, ModelArtifact a) throws IOException {
    return ModelArtifacts.write(dir, a);
  }

  private static FeatureTable table(String name, List<String> vocab, int dim, Random r) {
    float[][] v = new float[vocab.size()][dim];
    float[] b = new float[vocab.size()];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < dim; j++) {
        v[i][j] = (float) (0.5 * r.nextGaussian() / Math.sqrt(dim));
      }
      b[i] = (float) (0.1 * r.nextGaussian());
    }
    return new FeatureTable(name, vocab, v, b);
  }

  private static List<MovieInfo> movieInfos(int movies, Random r) throws IOException {
    List<MovieInfo> out = new ArrayList<>();
    Optional<Path> ml = SharedData.ml100kDirIfPresent();
    if (ml.isPresent() && movies == 1682) {
      for (String line :
          Files.readAllLines(ml.get().resolve("u.item"), StandardCharsets.ISO_8859_1)) {
        String[] f = line.split("\\|", -1);
        String title = f[1].replaceAll("\\s*\\(\\d{4}\\)\\s*$", "");
        int year = f[2].length() >= 4 ? Integer.parseInt(f[2].substring(f[2].length() - 4)) : 0;
        List<String> g = new ArrayList<>();
        for (int i = 0; i < Genres.MOVIELENS.size(); i++) {
          if (f[5 + i].equals("1")) {
            g.add(Genres.MOVIELENS.get(i));
          }
        }
        out.add(new MovieInfo(Long.parseLong(f[0]), title, year, g));
      }
      return out;
    }
    for (int i = 0; i < movies; i++) {
      List<String> g = new ArrayList<>();
      g.add(Genres.MOVIELENS.get(1 + r.nextInt(Genres.MOVIELENS.size() - 1)));
      if (r.nextBoolean()) {
        String g2 = Genres.MOVIELENS.get(1 + r.nextInt(Genres.MOVIELENS.size() - 1));
        if (!g.contains(g2)) {
          g.add(g2);
        }
      }
      out.add(
          new MovieInfo(
              i + 1, "Movie " + (i + 1), r.nextInt(20) == 0 ? 0 : 1920 + r.nextInt(80), g));
    }
    return out;
  }
}
