package dev.marquee.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a directory so that the target path holds either the previous directory or the new one,
 * complete, whenever the process dies (kill -9 included): never half a directory, and, once {@link
 * #recover recovered}, never neither. Every writer of an output directory (model artifact, index,
 * dataset) goes through here:
 *
 * <pre>{@code
 * try (AtomicDirectory out = AtomicDirectory.create(target)) {
 *   write files under out.dir();
 *   out.publish();
 * } // not published (an exception): the temp directory is deleted, the target untouched
 * }</pre>
 *
 * <p><b>Names.</b> Beside the target {@code N}, in its parent:
 *
 * <ul>
 *   <li>{@code .N.tmp-ID/}: a directory being written; {@code .N.tmp-ID.lock}: locked by its writer
 *       from before the directory exists until after it is gone or published;
 *   <li>{@code .N.old-ID/}: the previous {@code N}, moved aside while it is replaced (always
 *       complete: it is renamed to a temp name before it is deleted);
 *   <li>{@code .N.lock}: held by whoever renames or deletes any of these names. It stays (empty)
 *       after the first write, see Locks below.
 * </ul>
 *
 * <p><b>Publishing.</b> {@link #publish} fsyncs every file and directory under the temp directory,
 * then, holding {@code .N.lock}: renames {@code N} to {@code .N.old-ID} (when there is one),
 * renames the temp directory to {@code N}, fsyncs the parent after each rename, and deletes the old
 * directory.
 *
 * <p><b>Recovery.</b> Whoever takes {@code .N.lock} first repairs what a killed process left: if
 * {@code N} is missing and a {@code .N.old-} directory exists, the kill fell between the two
 * renames and the old directory is renamed back (the write never finished, so the previous
 * directory stays); if {@code N} exists, {@code .N.old-} directories are deleted; temp directories
 * whose lock is free are deleted. Writers do this in {@link #create} and again in {@link #publish};
 * readers call {@link #recover} before opening, which takes the lock only when {@code N} is
 * missing.
 *
 * <p><b>Why a backup rename rather than a symlink swap.</b> A symlink swapped with one rename would
 * close the window in which {@code N} is missing, but {@code N} would no longer be a directory:
 * {@code cp -r N}, {@code tar}, {@code docker cp} and {@code Files.walk(N)} copy or walk the link,
 * not the model; {@code rm -r N} leaves the data behind; Windows needs privileges to create one;
 * and every existing directory would need a non-atomic conversion anyway. With two renames {@code
 * N} stays a plain directory, and the window is covered by recovery under the lock: a reader that
 * finds {@code N} missing waits for the lock, so it sees the writer's result or the restored old
 * directory.
 *
 * <p><b>Locks.</b> Operating-system file locks ({@link FileChannel#lock}), which the kernel
 * releases when a process dies, even by SIGKILL: a free lock on {@code .N.tmp-ID.lock} proves its
 * writer is gone, with no pid (which a container reuses at once) or clock (a slow writer is not a
 * dead one) to trust. That is why a temp directory has its own lock file: cleaning up never touches
 * a directory a live process is writing, even one in another JVM. {@code .N.lock} cannot be deleted
 * after use: a waiter may already have it open, and Java cannot tell which file (inode) a channel
 * has locked, so a deleted and recreated lock file could be held by two processes at once.
 *
 * <p><b>Readers</b> take no lock while reading. One that opens files while a replace is under way
 * may read some from the old directory and some from the new; the model's checksums and Lucene's
 * per-segment ids turn that into an error, never a silent mix, and reading again sees the new one.
 */
public final class AtomicDirectory implements Closeable {
  private static final String TMP = ".tmp-";
  private static final String OLD = ".old-";
  private static final String LOCK = ".lock";

  private final Path target;
  private final Path tmp;
  private final String id;
  private final WriterLock writerLock;
  private boolean published;
  private boolean closed;

  private AtomicDirectory(Path target, String id, WriterLock writerLock) {
    this.target = target;
    this.id = id;
    this.tmp = sibling(target, TMP + id);
    this.writerLock = writerLock;
  }

  /**
   * Starts a write of {@code target}: repairs what an earlier, killed write left beside it, then
   * creates a fresh temp directory there (with the parents of {@code target} if missing). Whether
   * an existing directory may be replaced is the caller's decision; a file there is refused.
   */
  public static AtomicDirectory create(Path target) throws IOException {
    Path t = normalize(target);
    Files.createDirectories(t.getParent());
    try (TargetLock ignored = TargetLock.acquire(t)) {
      repair(t);
      if (Files.exists(t, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(t)) {
        throw new FileAlreadyExistsException(
            t.toString(), null, "exists and is not a directory; refusing to replace it");
      }
      while (true) {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        WriterLock lock = WriterLock.create(sibling(t, TMP + id + LOCK));
        if (lock == null) {
          continue; // that id is taken
        }
        AtomicDirectory out = new AtomicDirectory(t, id, lock);
        try {
          Files.createDirectory(out.tmp);
        } catch (IOException | RuntimeException ex) {
          lock.close();
          throw ex;
        }
        return out;
      }
    }
  }

  /**
   * Repairs {@code target} if a killed write left it missing (see Recovery in the class comment); a
   * no-op, taking no lock, when it exists. Readers call this before opening it.
   */
  public static void recover(Path target) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)
        || t.getParent() == null
        || !Files.isDirectory(t.getParent())
        || Siblings.of(t).olds().isEmpty()) {
      return;
    }
    try (TargetLock ignored = TargetLock.acquire(t)) {
      repair(t);
    }
  }

  /** The temp directory to write into. */
  public Path dir() {
    return tmp;
  }

  /**
   * Fsyncs everything under {@link #dir}, then puts it in place of the target (replacing a previous
   * directory there, which is deleted).
   */
  public void publish() throws IOException {
    if (published || closed) {
      throw new IllegalStateException(
          target + " was already " + (published ? "published" : "closed"));
    }
    fsyncTree(tmp);
    Path parent = target.getParent();
    try (TargetLock ignored = TargetLock.acquire(target)) {
      repair(target); // a writer may have been killed mid-replace since create(); our directory is
      // locked, so kept
      Path old = null;
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        old = sibling(target, OLD + id);
        move(target, old);
        fsync(parent);
      }
      try {
        move(tmp, target);
      } catch (IOException ex) {
        if (old != null) {
          try {
            move(old, target);
          } catch (IOException again) {
            ex.addSuppressed(again); // the next write or read restores it
          }
        }
        throw ex;
      }
      published = true;
      fsync(parent);
      if (old != null) {
        // Under our own temp name (still locked) first, so a kill while deleting leaves garbage,
        // not a partial .old- that recovery would restore.
        move(old, tmp);
        deleteQuietly(tmp);
      }
    }
  }

  /** Deletes the temp directory unless it was published, and releases it. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      deleteTree(tmp);
    } finally {
      writerLock.close();
    }
  }

  /**
   * Whether {@code dir} is a directory with nothing in it (what writers may replace besides their
   * own output).
   */
  public static boolean isEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }

  /** Deletes a directory tree if it exists, tolerating entries that vanish meanwhile. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw exc;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null && !(exc instanceof NoSuchFileException)) {
              throw exc;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  // Best effort where the caller has already succeeded or is reporting another error; whatever
  // stays behind is a stale temp directory that the next write removes.
  private static void deleteQuietly(Path root) {
    try {
      deleteTree(root);
    } catch (IOException ignored) {
      // see above
    }
  }

  private static Path normalize(Path target) {
    Path t = target.toAbsolutePath().normalize();
    if (t.getParent() == null) {
      throw new IllegalArgumentException(
          "a directory written atomically needs a parent; target=" + target);
    }
    return t;
  }

  private static Path sibling(Path target, String suffix) {
    return target.resolveSibling("." + target.getFileName() + suffix);
  }

  /**
   * Under the target lock: restore a missing target from its backup, delete backups and dead temp
   * directories.
   */
  private static void repair(Path target) throws IOException {
    Siblings s = Siblings.of(target);
    List<Path> olds = new ArrayList<>(s.olds());
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !olds.isEmpty()) {
      // Only one can exist unless someone edited the directory by hand; then the newest wins.
      olds.sort(Comparator.comparing(AtomicDirectory::modified));
      move(olds.removeLast(), target);
      fsync(target.getParent());
    }
    for (Path old : olds) {
      Path garbage =
          sibling(target, TMP + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
      move(old, garbage);
      deleteTree(garbage);
    }
    for (String id : s.tmpIds()) {
      WriterLock.removeIfDead(sibling(target, TMP + id), sibling(target, TMP + id + LOCK));
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException ex) {
      return FileTime.fromMillis(0);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Fsyncs every regular file and directory under {@code root}. */
  static void fsyncTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              fsync(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null) {
              throw exc;
            }
            fsync(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void fsync(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ex) {
      if (!Files.isDirectory(p)) {
        throw ex;
      }
      // Some systems (Windows) cannot open or fsync a directory; the rename is atomic all the same.
    }
  }

  /**
   * The utility's own names beside a target: backups and temp ids (from directories and their lock
   * files).
   */
  private record Siblings(List<Path> olds, Set<String> tmpIds) {
    static Siblings of(Path target) throws IOException {
      Pattern own =
          Pattern.compile(
              "\\."
                  + Pattern.quote(target.getFileName().toString())
                  + "(\\.tmp-|\\.old-)([0-9a-f]{1,32})(\\.lock)?");
      List<Path> olds = new ArrayList<>();
      Set<String> tmpIds = new TreeSet<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(target.getParent())) {
        for (Path p : s) {
          Matcher m = own.matcher(p.getFileName().toString());
          if (!m.matches()) {
            continue;
          }
          if (m.group(1).equals(TMP)) {
            tmpIds.add(m.group(2));
          } else if (m.group(3) == null && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            olds.add(p);
          }
        }
      }
      return new Siblings(olds, tmpIds);
    }
  }

  /**
   * {@code .N.lock}, held while names beside {@code N} change. File locks belong to the whole JVM
   * (and on Linux closing any channel on the file drops them), so threads of this JVM first take a
   * JVM-wide lock per file, and only its holder opens the file.
   */
  private static final class TargetLock implements Closeable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final ReentrantLock inJvm;

    private TargetLock(FileChannel channel, ReentrantLock inJvm) {
      this.channel = channel;
      this.inJvm = inJvm;
    }

    static TargetLock acquire(Path target) throws IOException {
      Path file = sibling(target, LOCK);
      ReentrantLock inJvm = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
      inJvm.lock();
      FileChannel ch = null;
      try {
        ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.lock(); // waits for another process; released with the channel
        return new TargetLock(ch, inJvm);
      } catch (IOException | RuntimeException ex) {
        if (ch != null) {
          ch.close();
        }
        inJvm.unlock();
        throw ex;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        channel.close();
      } finally {
        inJvm.unlock();
      }
    }
  }

  /** {@code .N.tmp-ID.lock}, held by the live writer of {@code .N.tmp-ID}. */
  private static final class WriterLock implements Closeable {
    /** Writer locks this JVM holds: never opened a second time (see {@link TargetLock}). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;

    private WriterLock(Path file, FileChannel channel) {
      this.file = file;
      this.channel = channel;
    }

    /** Creates and locks {@code file}; null if it exists already. Called under the target lock. */
    static WriterLock create(Path file) throws IOException {
      FileChannel ch;
      try {
        ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException ex) {
        return null;
      }
      try {
        if (ch.tryLock() == null) {
          throw new IOException("cannot lock " + file + ", which this process has just created");
        }
      } catch (IOException | RuntimeException ex) {
        ch.close();
        Files.deleteIfExists(file);
        throw ex;
      }
      HELD.add(file);
      return new WriterLock(file, ch);
    }

    /**
     * Under the target lock: deletes temp directory {@code dir} and its lock {@code file} unless a
     * writer holds it.
     */
    static void removeIfDead(Path dir, Path file) throws IOException {
      if (HELD.contains(file)) {
        return;
      }
      FileChannel ch;
      try {
        ch = FileChannel.open(file, StandardOpenOption.WRITE);
      } catch (NoSuchFileException ex) {
        // A writer creates its lock before its directory and deletes it after: this one is gone.
        deleteTree(dir);
        return;
      }
      try (ch) {
        FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (OverlappingFileLockException ex) {
          return; // held in this JVM after all
        }
        if (lock == null) {
          return; // held by a live process
        }
        deleteTree(dir);
        Files.deleteIfExists(file); // while locked, so no one takes it for a fresh lock meanwhile
      }
    }

    @Override
    public void close() throws IOException {
      try {
        Files.deleteIfExists(file); // while still locked: see removeIfDead
      } finally {
        HELD.remove(file);
        channel.close();
      }
    }
  }
}
