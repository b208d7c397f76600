package dev.marquee.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/** Temp-sibling-then-rename helpers, so an interrupted write never leaves a half-made directory. */
final class Dirs {
  private Dirs() {}

  /** A fresh hidden temp directory beside {@code target} (same file system, so rename is cheap). */
  static Path tempSibling(Path target, String suffix) throws IOException {
    Path abs = target.toAbsolutePath();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    return openUp(Files.createTempDirectory(parent, "." + abs.getFileName() + suffix));
  }

  /**
   * Temp directories are created owner-only (rwx------); once renamed into place they are an
   * ordinary dataset directory, so give them the usual rwxr-xr-x where the file system has POSIX
   * permissions.
   */
  static Path openUp(Path dir) throws IOException {
    if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return dir;
  }

  /**
   * Renames {@code from} to {@code to}; an existing empty directory at {@code to} is replaced.
   *
   * @throws DataFormatException when {@code to} exists and is not an empty directory
   */
  static void moveIntoPlace(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      if (!isEmptyDir(to)) {
        throw new DataFormatException(to.toString(), 0, "already exists and is not empty; refusing to overwrite");
      }
      Files.delete(to);
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static boolean isEmptyDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }

  /** Deletes {@code p} and everything under it, if present; never throws (used in cleanup paths). */
  static void deleteQuietly(Path p) {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try {
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException ignored) {
      // Best effort: the caller is already reporting the error that got us here.
    }
  }
}
