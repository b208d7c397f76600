package dev.marquee.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a small ML-100K-format dataset with planted structure: rating = 3 + b_u + b_m + 1.5 * u·m
 * + noise, rounded and clipped to 1..5, with rank-2 unit factors; a movie's genre follows the sign of
 * its first factor, so features carry signal too. Hand-sized: 120 users, 150 movies, 40 ratings each.
 */
final class SyntheticMl100k {
  private SyntheticMl100k() {}

  static final int USERS = 120;
  static final int MOVIES = 150;
  static final int PER_USER = 40;

  static Path write(Path dir, long seed) throws IOException {
    Files.createDirectories(dir);
    Random rnd = new Random(seed);
    String[] genres = {"unknown", "Action", "Drama"};
    String[] occupations = {"none", "engineer", "artist"};
    StringBuilder g = new StringBuilder();
    for (int i = 0; i < genres.length; i++) {
      g.append(genres[i]).append('|').append(i).append('\n');
    }
    Files.writeString(dir.resolve("u.genre"), g, StandardCharsets.ISO_8859_1);
    Files.writeString(dir.resolve("u.occupation"), String.join("\n", occupations) + "\n", StandardCharsets.ISO_8859_1);
    double[][] mf = new double[MOVIES][];
    double[] mb = new double[MOVIES];
    StringBuilder items = new StringBuilder();
    for (int m = 0; m < MOVIES; m++) {
      mf[m] = unit(rnd);
      mb[m] = rnd.nextGaussian() * 0.4;
      int year = 1950 + rnd.nextInt(50);
      boolean action = mf[m][0] > 0;
      items.append(m + 1).append("|Movie ").append(m + 1).append(" (").append(year).append(")|01-Jan-").append(year)
          .append("||http://example.invalid/").append(m + 1).append('|').append(0).append('|').append(action ? 1 : 0).append('|')
          .append(action ? 0 : 1).append('\n');
    }
    Files.writeString(dir.resolve("u.item"), items, StandardCharsets.ISO_8859_1);
    StringBuilder users = new StringBuilder();
    double[][] uf = new double[USERS][];
    double[] ub = new double[USERS];
    for (int u = 0; u < USERS; u++) {
      uf[u] = unit(rnd);
      ub[u] = rnd.nextGaussian() * 0.3;
      users.append(u + 1).append('|').append(18 + rnd.nextInt(50)).append('|').append(rnd.nextBoolean() ? "M" : "F").append('|')
          .append(occupations[rnd.nextInt(occupations.length)]).append("|0").append(10000 + u).append('\n');
    }
    Files.writeString(dir.resolve("u.user"), users, StandardCharsets.ISO_8859_1);
    StringBuilder data = new StringBuilder();
    for (int u = 0; u < USERS; u++) {
      List<Integer> ms = new ArrayList<>();
      for (int m = 0; m < MOVIES; m++) {
        ms.add(m);
      }
      java.util.Collections.shuffle(ms, rnd);
      for (int k = 0; k < PER_USER; k++) {
        int m = ms.get(k);
        double r = 3 + ub[u] + mb[m] + 1.5 * (uf[u][0] * mf[m][0] + uf[u][1] * mf[m][1]) + rnd.nextGaussian() * 0.3;
        long rating = Math.max(1, Math.min(5, Math.round(r)));
        data.append(u + 1).append('\t').append(m + 1).append('\t').append(rating).append('\t').append(880000000L + u * 1000L + k).append('\n');
      }
    }
    Files.writeString(dir.resolve("u.data"), data, StandardCharsets.ISO_8859_1);
    return dir;
  }

  private static double[] unit(Random rnd) {
    double a = rnd.nextDouble() * 2 * Math.PI;
    return new double[] {Math.cos(a), Math.sin(a)};
  }
}
