package dev.marquee.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What lies in a directory, for the assertions on what a writer leaves beside its output. */
public final class Directories {
  private Directories() {}

  /**
   * The names of the entries of {@code dir}, sorted (a dot first: lock files and temp siblings).
   */
  public static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
