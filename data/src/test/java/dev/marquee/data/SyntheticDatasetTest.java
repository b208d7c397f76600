package dev.marquee.data;

import static dev.marquee.core.testing.Directories.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {
  @TempDir Path tmp;

  static final SynthConfig CFG = SynthConfig.small(200, 300, 8_000);

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    Path a = SyntheticDataset.write(tmp.resolve("a"), CFG);
    Path b = SyntheticDataset.write(tmp.resolve("b"), CFG);
    Path c = SyntheticDataset.write(tmp.resolve("c"), CFG.withSeed(43));
    for (String f :
        new String[] {"u.data", "u.item", "u.user", "u.genre", "u.occupation", "planted.tsv"}) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(a.resolve("u.data")), Files.readAllBytes(c.resolve("u.data"))));
    assertEquals(
        List.of(".a.lock", ".b.lock", ".c.lock", "a", "b", "c"),
        names(tmp),
        "no temp directories left beside the outputs");
    if (Files.getFileStore(a).supportsFileAttributeView("posix")) {
      // Published readable like any dataset.
      assertTrue(
          Files.getPosixFilePermissions(a)
              .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
    }
  }

  @Test
  void theNextWriteRemovesWhatAKilledOneLeft() throws IOException {
    Path killed = Files.createDirectory(tmp.resolve(".syn.tmp-9bd1"));
    Files.writeString(killed.resolve("u.data"), "1\t1\t5");
    Files.createFile(tmp.resolve(".syn.tmp-9bd1.lock"));
    SyntheticDataset.write(tmp.resolve("syn"), CFG);
    assertEquals(List.of(".syn.lock", "syn"), names(tmp));
  }

  @Test
  void readsBackAndRatingsFollowPlantedScores() throws IOException {
    Path dir = SyntheticDataset.write(tmp.resolve("syn"), CFG);
    Dataset d = MovieLensReader.read(dir, ReadOptions.strict());
    assertEquals(200, d.users().size());
    assertEquals(300, d.movies().size());
    assertEquals(8_000, d.ratings().size());
    assertEquals(19, d.genres().size());
    assertEquals("Café Movie 10", d.movie(10).title());
    assertTrue(
        d.movies().stream()
            .allMatch(m -> !m.genres().isEmpty() && !m.genres().contains("unknown")));

    PlantedModel p = PlantedModel.read(dir);
    assertEquals(8, p.factors());
    assertEquals(200, p.users());
    assertEquals(300, p.movies());
    Ratings r = d.ratings();
    double[] x = new double[r.size()];
    double[] y = new double[r.size()];
    Set<Long> pairs = new HashSet<>();
    for (int i = 0; i < r.size(); i++) {
      x[i] = p.score(d.userIds().id(r.user()[i]), d.movieIds().id(r.movie()[i]));
      y[i] = r.value()[i];
      assertTrue(
          pairs.add(((long) r.user()[i] << 32) | r.movie()[i]), "a user rated a movie twice");
    }
    double corr = pearson(x, y);
    assertTrue(corr > 0.7, "ratings vs planted score: Pearson " + corr);

    // Zipf popularity: the most rated movie has many times the median's ratings.
    DatasetStats s = DatasetStats.of(d);
    assertTrue(s.perMovie().max() > 5 * s.perMovie().p50(), s.perMovie().toString());
  }

  @Test
  void csvFormatReadsBack() throws IOException {
    Path dir = SyntheticDataset.write(tmp.resolve("csv"), CFG.withFormat(DatasetFormat.CSV));
    Dataset d = MovieLensReader.read(dir, ReadOptions.strict());
    assertEquals(DatasetFormat.CSV, d.format());
    assertEquals(8_000, d.ratings().size());
    assertEquals(300, d.movies().size());
    assertEquals("Café Movie 20", d.movie(20).title());
  }

  @Test
  void denseAndTinyConfigs() throws IOException {
    // Every user rates every movie: exercises the popularity walk once rejection sampling stalls.
    Dataset full =
        MovieLensReader.read(
            SyntheticDataset.write(tmp.resolve("full"), SynthConfig.small(5, 40, 200)),
            ReadOptions.strict());
    assertEquals(200, full.ratings().size());
    // Fewer ratings than users: some users rate nothing, the file still has every user.
    Dataset sparse =
        MovieLensReader.read(
            SyntheticDataset.write(tmp.resolve("sparse"), SynthConfig.small(50, 10, 20)),
            ReadOptions.strict());
    assertEquals(20, sparse.ratings().size());
    assertEquals(50, sparse.users().size());
    assertThrows(IllegalArgumentException.class, () -> SynthConfig.small(2, 2, 5));
    assertThrows(
        DataFormatException.class,
        () -> SyntheticDataset.write(tmp.resolve("full"), SynthConfig.small(5, 40, 200)));
  }

  @Test
  void choicesFollowTasteWhenAsked() throws IOException {
    SynthConfig byTaste = CFG.withTaste(2);
    Dataset popular =
        MovieLensReader.read(
            SyntheticDataset.write(tmp.resolve("popular"), CFG), ReadOptions.strict());
    Dataset chosen =
        MovieLensReader.read(
            SyntheticDataset.write(tmp.resolve("taste"), byTaste), ReadOptions.strict());
    SyntheticDataset.write(tmp.resolve("again"), byTaste);
    assertArrayEquals(
        Files.readAllBytes(tmp.resolve("taste/u.data")),
        Files.readAllBytes(tmp.resolve("again/u.data")));
    assertEquals(8_000, chosen.ratings().size());
    assertEquals(List.of(300, 200), List.of(chosen.movies().size(), chosen.users().size()));

    PlantedModel p = PlantedModel.read(tmp.resolve("taste"));
    assertEquals(2, p.taste());
    assertEquals(
        0, PlantedModel.read(tmp.resolve("popular")).taste(), "no taste line: popularity alone");
    assertTrue(Files.readAllLines(tmp.resolve("taste/planted.tsv")).contains("taste\t2.0"));
    // The same users and movies (one seed): only which movies were rated differs. With taste, users
    // rate the movies whose factors match theirs (planted dot product well above the popularity
    // draw's ~0), and the ratings they give are higher for it.
    double dotPopular = meanPlantedDot(p, popular);
    double dotTaste = meanPlantedDot(p, chosen);
    assertTrue(
        dotTaste > dotPopular + 0.3,
        "mean planted u.m of rated pairs: taste " + dotTaste + ", popularity " + dotPopular);
    assertTrue(mean(chosen.ratings().value()) > mean(popular.ratings().value()) + 0.2);
    // Popularity still counts: the most rated movie has many times the median's ratings.
    DatasetStats s = DatasetStats.of(chosen);
    assertTrue(s.perMovie().max() > 3 * s.perMovie().p50(), s.perMovie().toString());
  }

  static double meanPlantedDot(PlantedModel p, Dataset d) {
    Ratings r = d.ratings();
    double sum = 0;
    for (int i = 0; i < r.size(); i++) {
      long u = d.userIds().id(r.user()[i]);
      long m = d.movieIds().id(r.movie()[i]);
      sum += p.score(u, m) - p.mu() - p.userBias()[(int) u - 1] - p.movieBias()[(int) m - 1];
    }
    return sum / r.size();
  }

  static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double pearson(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
