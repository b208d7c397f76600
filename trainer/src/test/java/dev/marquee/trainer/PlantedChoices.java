package dev.marquee.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a small ML-100K-format dataset in which what a user rates, not only how, follows planted
 * taste: user u picks movie m with probability proportional to {@code pop_m * exp(BETA * u·m)}
 * (without replacement; pop_m a Zipf-like weight, 1 / rank^0.7), and rates it
 * {@code round(clamp(3.4 + 0.8 u·m + b_m + N(0, 0.4^2), 1, 5))}. Factors are N(0, 1/k) per coordinate
 * (so u·m has sd ~1); a movie's genres follow the signs of its first two factors. The data module's
 * {@code SyntheticDataset} draws the movies a user rates by popularity alone, so there most-popular
 * is the best possible ranking and a retrieval objective has nothing to find beyond it: this
 * generator is for tests of the ranking objectives.
 */
final class PlantedChoices {
  private PlantedChoices() {}

  static final int FACTORS = 4;
  static final double BETA = 1.5;

  static Path write(Path dir, int users, int movies, int perUser, long seed) throws IOException {
    Files.createDirectories(dir);
    Random rnd = new Random(seed);
    String[] genres = {"unknown", "Action", "Drama", "Comedy", "Horror"};
    String[] occupations = {"none", "engineer", "artist", "student"};
    StringBuilder g = new StringBuilder();
    for (int i = 0; i < genres.length; i++) {
      g.append(genres[i]).append('|').append(i).append('\n');
    }
    Files.writeString(dir.resolve("u.genre"), g, StandardCharsets.ISO_8859_1);
    Files.writeString(dir.resolve("u.occupation"), String.join("\n", occupations) + "\n", StandardCharsets.ISO_8859_1);
    double sd = 1 / Math.sqrt(Math.sqrt(FACTORS));
    double[][] mf = new double[movies][FACTORS];
    double[] mb = new double[movies];
    double[] logPop = new double[movies];
    int[] rank = new int[movies];
    for (int m = 0; m < movies; m++) {
      rank[m] = m;
    }
    for (int i = movies - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = rank[i];
      rank[i] = rank[j];
      rank[j] = t;
    }
    StringBuilder items = new StringBuilder();
    for (int m = 0; m < movies; m++) {
      for (int j = 0; j < FACTORS; j++) {
        mf[m][j] = rnd.nextGaussian() * sd;
      }
      mb[m] = rnd.nextGaussian() * 0.3;
      logPop[m] = -0.7 * Math.log(rank[m] + 1);
      int year = 1950 + rnd.nextInt(50);
      items.append(m + 1).append("|Movie ").append(m + 1).append(" (").append(year).append(")|01-Jan-").append(year)
          .append("||http://example.invalid/").append(m + 1).append("|0|").append(mf[m][0] > 0 ? 1 : 0).append('|')
          .append(mf[m][0] > 0 ? 0 : 1).append('|').append(mf[m][1] > 0 ? 1 : 0).append('|').append(mf[m][1] > 0 ? 0 : 1).append('\n');
    }
    Files.writeString(dir.resolve("u.item"), items, StandardCharsets.ISO_8859_1);
    StringBuilder us = new StringBuilder(), data = new StringBuilder();
    double[] key = new double[movies];
    Integer[] order = new Integer[movies];
    for (int u = 0; u < users; u++) {
      double[] uf = new double[FACTORS];
      for (int j = 0; j < FACTORS; j++) {
        uf[j] = rnd.nextGaussian() * sd;
      }
      us.append(u + 1).append('|').append(18 + rnd.nextInt(50)).append('|').append(uf[0] > 0 ? "M" : "F").append('|')
          .append(occupations[rnd.nextInt(occupations.length)]).append("|0").append(10000 + u).append('\n');
      // Gumbel top-k: the first perUser movies by log weight + Gumbel noise are a draw without replacement.
      double[] dot = new double[movies];
      for (int m = 0; m < movies; m++) {
        for (int j = 0; j < FACTORS; j++) {
          dot[m] += uf[j] * mf[m][j];
        }
        key[m] = logPop[m] + BETA * dot[m] - Math.log(-Math.log(1 - rnd.nextDouble()));
        order[m] = m;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
      for (int k = 0; k < perUser; k++) {
        int m = order[k];
        double r = 3.4 + 0.8 * dot[m] + mb[m] + rnd.nextGaussian() * 0.4;
        long rating = Math.max(1, Math.min(5, Math.round(r)));
        data.append(u + 1).append('\t').append(m + 1).append('\t').append(rating).append('\t').append(880000000L + u * 1000L + k).append('\n');
      }
    }
    Files.writeString(dir.resolve("u.user"), us, StandardCharsets.ISO_8859_1);
    Files.writeString(dir.resolve("u.data"), data, StandardCharsets.ISO_8859_1);
    return dir;
  }
}
