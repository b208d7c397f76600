package dev.marquee.core;

import static dev.marquee.core.testing.Directories.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AtomicDirectory} in one process: publishing, abandoning, and recovery from each state a
 * kill can leave (built by hand here; {@link AtomicDirectoryKillTest} kills real processes).
 */
class AtomicDirectoryTest {
  static final int FILES = 3;

  @TempDir Path tmp;

  @Test
  void publishCreatesThenReplacesAndLeavesOnlyTheLock() throws IOException {
    Path target = tmp.resolve("a/b/out");
    AtomicDirectoryChild.write(target, 1, FILES);
    assertEquals(1, AtomicDirectoryChild.version(target, FILES));
    AtomicDirectoryChild.write(target, 2, FILES);
    assertEquals(2, AtomicDirectoryChild.version(target, FILES));
    assertEquals(List.of(".out.lock", "out"), names(target.getParent()));
  }

  @Test
  void aWriteThatFailsLeavesTheOldDirectory() throws IOException {
    Path target = tmp.resolve("out");
    AtomicDirectoryChild.write(target, 1, FILES);
    IOException ex =
        assertThrows(
            IOException.class,
            () -> {
              try (AtomicDirectory out = AtomicDirectory.create(target)) {
                Files.writeString(out.dir().resolve("f00"), "half");
                throw new IOException("disk full");
              }
            });
    assertEquals("disk full", ex.getMessage());
    assertEquals(1, AtomicDirectoryChild.version(target, FILES));
    assertEquals(List.of(".out.lock", "out"), names(tmp));
  }

  @Test
  void publishTwiceIsRefused() throws IOException {
    try (AtomicDirectory out = AtomicDirectory.create(tmp.resolve("out"))) {
      out.publish();
      IllegalStateException ex = assertThrows(IllegalStateException.class, out::publish);
      assertEquals(tmp.resolve("out") + " was already published", ex.getMessage());
    }
    assertTrue(AtomicDirectory.isEmpty(tmp.resolve("out")));
  }

  /** Killed between "target -> backup" and "temp -> target": a reader restores the backup. */
  @Test
  void aReaderRestoresTheBackupWhenTheTargetIsMissing() throws IOException {
    Path target = tmp.resolve("out");
    AtomicDirectoryChild.write(target, 1, FILES);
    Files.move(target, tmp.resolve(".out.old-00ff"));
    Path dead = Files.createDirectory(tmp.resolve(".out.tmp-abc123"));
    Files.writeString(dead.resolve("f00"), "2 0\n");
    Files.createFile(tmp.resolve(".out.tmp-abc123.lock")); // its writer is dead, so nobody holds it

    AtomicDirectory.recover(target);
    assertEquals(1, AtomicDirectoryChild.version(target, FILES));
    assertEquals(List.of(".out.lock", "out"), names(tmp));
  }

  /**
   * Killed after "temp -> target", before the backup was deleted: the next write removes the
   * backup.
   */
  @Test
  void theNextWriteRemovesABackupBesideTheTarget() throws IOException {
    Path target = tmp.resolve("out");
    AtomicDirectoryChild.write(target, 1, FILES);
    Files.createDirectory(tmp.resolve(".out.old-1234"));
    AtomicDirectory.recover(target); // the target exists: readers change nothing
    assertTrue(Files.isDirectory(tmp.resolve(".out.old-1234")));
    AtomicDirectoryChild.write(target, 2, FILES);
    assertEquals(List.of(".out.lock", "out"), names(tmp));
  }

  @Test
  void onlyTheUtilitysOwnNamesAreRemoved() throws IOException {
    Path target = tmp.resolve("out");
    AtomicDirectoryChild.write(target, 1, FILES);
    // Left by earlier builds (createTempDirectory's decimal ids), and a lock whose directory is
    // gone.
    Files.createDirectory(tmp.resolve(".out.tmp-8172635401"));
    Files.createDirectory(tmp.resolve(".out.old-99"));
    Files.createFile(tmp.resolve(".out.tmp-0a1b.lock"));
    List<String> foreign =
        List.of(".out.tmp-notes", ".out.bak", ".outer.tmp-12", "out2", ".out.old-1.lock");
    for (String n : foreign) {
      Files.createDirectory(tmp.resolve(n));
    }
    AtomicDirectoryChild.write(target, 2, FILES);
    List<String> want = new ArrayList<>(foreign);
    want.addAll(List.of(".out.lock", "out"));
    assertEquals(want.stream().sorted().toList(), names(tmp));
  }

  @Test
  void aLiveWriterInThisProcessKeepsItsTempDirectory() throws IOException {
    Path target = tmp.resolve("out");
    try (AtomicDirectory slow = AtomicDirectory.create(target)) {
      Files.writeString(slow.dir().resolve("f00"), "partial");
      AtomicDirectoryChild.write(target, 1, FILES);
      assertEquals("partial", Files.readString(slow.dir().resolve("f00")));
    }
    assertEquals(List.of(".out.lock", "out"), names(tmp));
  }

  @Test
  void threadsReplacingOneDirectoryTakeTurns() throws Exception {
    Path target = tmp.resolve("out");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long base = 100L * (t + 1);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    AtomicDirectoryChild.write(target, base + i, FILES);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long v = AtomicDirectoryChild.version(target, FILES);
    assertTrue(v % 100 == 9, "the last write of some thread is in place: " + v);
    assertEquals(List.of(".out.lock", "out"), names(tmp));
  }

  @Test
  void isEmptyAndDeleteTree() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("d/e/f"));
    assertTrue(AtomicDirectory.isEmpty(d));
    Files.writeString(d.resolve("x"), "x");
    assertFalse(AtomicDirectory.isEmpty(d));
    assertFalse(AtomicDirectory.isEmpty(d.resolve("x")));
    assertFalse(AtomicDirectory.isEmpty(tmp.resolve("missing")));
    AtomicDirectory.deleteTree(tmp.resolve("d"));
    assertFalse(Files.exists(tmp.resolve("d")));
    AtomicDirectory.deleteTree(tmp.resolve("d")); // gone already: fine
  }
}
