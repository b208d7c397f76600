package dev.marquee.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ground truth of a synthetic dataset, read back from its {@code planted.tsv}: ratings were
 * drawn as {@code round(clamp(score(u, m) + N(0, noise^2), 1, 5))} with {@code score(u, m) = mu +
 * userBias[u] + movieBias[m] + dot(userFactors[u], movieFactors[m])}. Ids are 1..n, so index = id -
 * 1; factor vectors are flattened row-major.
 *
 * <p>{@code planted.tsv} is tab-separated UTF-8: {@code #} comment lines; header lines {@code mu},
 * {@code noise}, {@code factors}, {@code seed} and, when choices follow taste, {@code taste}
 * (absent: 0), each with one value; then one line per movie, {@code movie <id> <bias> <f1> ...
 * <fk>}, and one per user, {@code user <id> <bias> <f1> ... <fk>}, numbers as Java's shortest float
 * text.
 *
 * @param mu global mean
 * @param noise standard deviation of the rating noise
 * @param taste how strongly taste decided which movies a user rated ({@link SynthConfig#taste()})
 * @param factors latent dimension k
 * @param seed generator seed
 * @param userBias per user, index id - 1
 * @param userFactors users * k, row-major
 * @param movieBias per movie, index id - 1
 * @param movieFactors movies * k, row-major
 */
public record PlantedModel(
    double mu,
    double noise,
    double taste,
    int factors,
    long seed,
    float[] userBias,
    float[] userFactors,
    float[] movieBias,
    float[] movieFactors) {

  /** File name inside the generated dataset directory. */
  public static final String FILE = "planted.tsv";

  /** Number of users. */
  public int users() {
    return userBias.length;
  }

  /** Number of movies. */
  public int movies() {
    return movieBias.length;
  }

  /** The planted (noise-free, unclamped) score of dataset ids {@code userId}, {@code movieId}. */
  public double score(long userId, long movieId) {
    int u = (int) (userId - 1);
    int m = (int) (movieId - 1);
    double s = mu + userBias[u] + movieBias[m];
    for (int k = 0; k < factors; k++) {
      s += (double) userFactors[u * factors + k] * movieFactors[m * factors + k];
    }
    return s;
  }

  /** Reads {@code dir/planted.tsv}. */
  public static PlantedModel read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(
          dir.toString(), 0, "missing " + FILE + " (written by data synth)");
    }
    double mu = Double.NaN;
    double noise = Double.NaN;
    double taste = 0;
    int k = -1;
    long seed = 0;
    FloatList ub = new FloatList();
    FloatList uf = new FloatList();
    FloatList mb = new FloatList();
    FloatList mf = new FloatList();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long n = 0;
      for (String line; (line = r.readLine()) != null; ) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        try {
          switch (f[0]) {
            case "mu" -> mu = Double.parseDouble(f[1]);
            case "noise" -> noise = Double.parseDouble(f[1]);
            case "taste" -> taste = Double.parseDouble(f[1]);
            case "factors" -> k = Integer.parseInt(f[1]);
            case "seed" -> seed = Long.parseLong(f[1]);
            case "user", "movie" -> {
              boolean user = f[0].equals("user");
              FloatList bias = user ? ub : mb;
              if (k < 0 || f.length != 3 + k || Long.parseLong(f[1]) != bias.size + 1) {
                throw new DataFormatException(
                    FILE,
                    n,
                    "expected '"
                        + f[0]
                        + "\t"
                        + (bias.size + 1)
                        + "\tbias' and "
                        + k
                        + " factors: "
                        + Problems.quote(line));
              }
              bias.add(Float.parseFloat(f[2]));
              for (int i = 0; i < k; i++) {
                (user ? uf : mf).add(Float.parseFloat(f[3 + i]));
              }
            }
            default ->
                throw new DataFormatException(
                    FILE, n, "unknown line kind: " + Problems.quote(line));
          }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          throw new DataFormatException(FILE, n, "malformed line: " + Problems.quote(line));
        }
      }
    }
    if (Double.isNaN(mu) || Double.isNaN(noise) || k < 0) {
      throw new DataFormatException(file.toString(), 0, "missing mu, noise or factors header");
    }
    return new PlantedModel(
        mu, noise, taste, k, seed, ub.toArray(), uf.toArray(), mb.toArray(), mf.toArray());
  }

  private static final class FloatList {
    float[] a = new float[256];
    int size;

    void add(float f) {
      if (size == a.length) {
        a = java.util.Arrays.copyOf(a, size * 2);
      }
      a[size++] = f;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(a, size);
    }
  }
}
