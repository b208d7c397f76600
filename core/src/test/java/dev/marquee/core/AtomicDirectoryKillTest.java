package dev.marquee.core;

import static dev.marquee.core.testing.Directories.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL at many points while it replaces a directory again and again
 * ({@link AtomicDirectoryChild}), and checks after each kill that the target holds the last version
 * the child reported or the one after it, complete, and that the next write leaves nothing beside
 * it but its lock file. The seed is printed; replay with {@code -Dmarquee.seed=N}.
 */
class AtomicDirectoryKillTest {
  static final int FILES = 12;
  static final int KILLS = 30;

  /** The first kills land in start-up and the first write, at these delays after the start. */
  static final int EARLY_KILLS = 5;

  @TempDir Path tmp;

  /** Where the target lives (the children's stderr files stay out of it, in {@code tmp}). */
  Path work() throws IOException {
    return Files.createDirectories(tmp.resolve("work"));
  }

  /**
   * A child JVM on this test's class path; its stdout lines are collected, its stderr goes to a
   * file.
   */
  static final class Child {
    final Process process;
    final Path stderr;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();
    final Thread reader;

    Child(Path dir, String... args) throws IOException {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Xmx64m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  AtomicDirectoryChild.class.getName()));
      cmd.addAll(List.of(args));
      stderr = Files.createTempFile(dir, "child-", ".err");
      process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
      reader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    var in =
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8);
                    try (BufferedReader r = new BufferedReader(in)) {
                      for (String line; (line = r.readLine()) != null; ) {
                        synchronized (all) {
                          all.add(line);
                        }
                        lines.add(line);
                      }
                    } catch (IOException ignored) {
                      // the process died mid-line
                    }
                  });
    }

    String firstLine() throws Exception {
      String line = lines.poll(60, TimeUnit.SECONDS);
      assertTrue(line != null, "the child printed nothing in 60 s: " + Files.readString(stderr));
      return line;
    }

    /** SIGKILL (destroyForcibly on POSIX), then the lines it printed before dying. */
    List<String> kill() throws Exception {
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
      // Every line the child flushed before dying is in the pipe; a loaded machine may take a while
      // to drain it.
      reader.join(60_000);
      assertFalse(reader.isAlive(), "the child's output was not read to its end in 60 s");
      assertEquals(
          137, process.exitValue(), "killed by SIGKILL, not exited: " + Files.readString(stderr));
      assertEquals("", Files.readString(stderr), "the child reported an error");
      synchronized (all) {
        return List.copyOf(all);
      }
    }
  }

  @Test
  void aKillAtAnyPointLeavesTheOldOrTheNewDirectory() throws Exception {
    long seed = Long.getLong("marquee.seed", System.nanoTime());
    System.out.println(
        "AtomicDirectoryKillTest seed " + seed + " (replay: -Dmarquee.seed=" + seed + ")");
    Random random = new Random(seed);
    Path target = work().resolve("out");
    AtomicDirectoryChild.write(target, 0, FILES);
    long version = 0;
    Map<String, Integer> states = new TreeMap<>();
    for (int k = 0; k < KILLS; k++) {
      Child child =
          new Child(
              tmp, "loop", target.toString(), Long.toString(version + 1), Integer.toString(FILES));
      if (k < EARLY_KILLS) {
        Thread.sleep(60L * k);
      } else {
        child.firstLine();
        Thread.sleep(random.nextInt(400));
      }
      List<String> printed = child.kill();
      long done = printed.isEmpty() ? version : Long.parseLong(printed.getLast());
      String state = state(target);
      states.merge(state, 1, Integer::sum);

      AtomicDirectory.recover(target); // what every reader does first
      long now = AtomicDirectoryChild.version(target, FILES);
      // version() fails unless all files hold one version; the child may have published after the
      // last line that reached us, so the version is at least the last one it reported, never
      // older.
      assertTrue(
          now >= done,
          "kill "
              + k
              + " ("
              + state
              + "): the child had published "
              + done
              + ", the directory holds "
              + now);

      version = now + 1;
      AtomicDirectoryChild.write(target, version, FILES);
      assertEquals(
          List.of(".out.lock", "out"),
          names(target.getParent()),
          "kill " + k + " (" + state + "): the next write cleans up");
      assertEquals(version, AtomicDirectoryChild.version(target, FILES));
    }
    System.out.println(
        "AtomicDirectoryKillTest: what " + KILLS + " kills left beside the target: " + states);
    assertTrue(
        states.keySet().stream().anyMatch(s -> s.contains("temp")),
        "some kills landed mid-write: " + states);
  }

  @Test
  void writersInTwoProcessesTakeTurns() throws Exception {
    Path target = work().resolve("out");
    AtomicDirectoryChild.write(target, 0, FILES);
    Child a = new Child(tmp, "loop", target.toString(), "1000000", Integer.toString(FILES));
    Child b = new Child(tmp, "loop", target.toString(), "2000000", Integer.toString(FILES));
    a.firstLine();
    b.firstLine();
    Thread.sleep(1500);
    // kill() also checks that neither reported an error, as colliding renames would.
    int published = a.kill().size() + b.kill().size();
    AtomicDirectory.recover(target);
    long v = AtomicDirectoryChild.version(target, FILES);
    assertTrue(v >= 1_000_000, "a child's version is in place: " + v);
    AtomicDirectoryChild.write(target, 1, FILES);
    assertEquals(List.of(".out.lock", "out"), names(target.getParent()));
    assertTrue(published >= 4, "both children published: " + published);
  }

  @Test
  void aLiveWriterInAnotherProcessKeepsItsTempDirectory() throws Exception {
    Path target = work().resolve("out");
    Child holder = new Child(tmp, "hold", target.toString());
    Path its = Path.of(holder.firstLine());
    AtomicDirectoryChild.write(target, 1, FILES); // cleans up around the live temp directory
    assertEquals("partial", Files.readString(its.resolve("f00")));
    holder.kill();
    AtomicDirectoryChild.write(target, 2, FILES);
    assertEquals(List.of(".out.lock", "out"), names(target.getParent()));
  }

  /** The target and what lies beside it, in words. */
  static String state(Path target) throws IOException {
    List<String> names = names(target.getParent());
    String n = target.getFileName().toString();
    boolean tmpDir =
        names.stream().anyMatch(s -> s.startsWith("." + n + ".tmp-") && !s.endsWith(".lock"));
    boolean tmpLock =
        names.stream().anyMatch(s -> s.startsWith("." + n + ".tmp-") && s.endsWith(".lock"));
    boolean old = names.stream().anyMatch(s -> s.startsWith("." + n + ".old-"));
    return (names.contains(n) ? "target" : "NO TARGET")
        + (old ? " + backup" : "")
        + (tmpDir ? " + temp dir" : "")
        + (tmpLock ? " + temp lock" : "");
  }
}
