package dev.marquee.indexer;

import static dev.marquee.core.testing.Directories.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.indexer.cli.IndexerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real {@code indexer build} (a child JVM running {@link IndexerCli}) at points
 * spread over a whole build: the index is the previous one or the new one, complete, and the next
 * build leaves nothing beside it but its lock file. (The many-points test of the mechanism itself
 * is core's {@code AtomicDirectoryKillTest}.)
 */
class IndexerKillTest {
  static final int MOVIES = 2000;
  static final IndexBuilder.Options OPTIONS =
      IndexBuilder.Options.defaults().withM(16).withBeamWidth(50).withThreads(1);
  static final int KILLS = 5;

  @TempDir Path tmp;

  Process build(Path model, Path index) throws IOException {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            IndexerCli.class.getName(),
            "build",
            "--model",
            model.toString(),
            "--index",
            index.toString(),
            "--m",
            "16",
            "--beam-width",
            "50",
            "--threads",
            "1");
    return new ProcessBuilder(cmd)
        .redirectOutput(tmp.resolve("build.out").toFile())
        .redirectError(tmp.resolve("build.err").toFile())
        .start();
  }

  @Test
  void killedBuildsLeaveTheOldOrTheNewIndex() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Map<String, Path> models = new TreeMap<>();
    for (int seed = 1; seed <= 2; seed++) {
      Path m = tmp.resolve("model-" + seed);
      models.put(SyntheticArtifacts.write(m, MOVIES, 50, 16, seed).modelId(), m);
    }
    List<String> ids = List.copyOf(models.keySet());
    Path index = work.resolve("index");
    IndexBuilder.build(models.get(ids.get(0)), index, OPTIONS);

    // One whole run: the CLI replaces the index, and its time spreads the kills below.
    long t0 = System.nanoTime();
    Process full = build(models.get(ids.get(1)), index);
    assertEquals(0, full.waitFor(), () -> read(tmp.resolve("build.err")));
    long fullMs = (System.nanoTime() - t0) / 1_000_000;
    String current = modelOf(index);
    assertEquals(ids.get(1), current);

    Map<String, Integer> outcomes = new TreeMap<>();
    for (int k = 0; k < KILLS; k++) {
      String next = current.equals(ids.get(0)) ? ids.get(1) : ids.get(0);
      Process p = build(models.get(next), index);
      // From start-up to about the end of a build (how long one takes varies with the machine's
      // load).
      long delay = fullMs * 11 * (k + 1) / (10 * KILLS);
      Thread.sleep(delay);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      String got = modelOf(index); // opening recovers a replace the kill interrupted
      assertTrue(
          got.equals(current) || got.equals(next), "kill at " + delay + " ms: index of " + got);
      outcomes.merge(got.equals(current) ? "old" : "new", 1, Integer::sum);

      IndexBuilder.build(models.get(current), index, OPTIONS);
      assertEquals(
          List.of(".index.lock", "index"),
          names(work),
          "kill at " + delay + " ms: the next build cleans up");
      assertEquals(current, modelOf(index));
    }
    System.out.println(
        "IndexerKillTest: a whole build took "
            + fullMs
            + " ms; "
            + KILLS
            + " kills left "
            + outcomes);
  }

  static String modelOf(Path index) throws IOException {
    try (MovieIndex mi = MovieIndex.open(index)) {
      assertEquals(MOVIES, mi.size());
      return mi.info().modelId();
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException ex) {
      return ex.toString();
    }
  }
}
