package dev.marquee.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the shared MovieLens copy is (never committed): {@code ${marquee.shared.dir}/data}, which
 * Maven sets to the folder beside the checkout; without the property (a test run from an IDE),
 * {@code ../shared} or {@code ../../shared} from the working directory.
 */
public final class SharedData {
  private SharedData() {}

  /** The ML-100K directory; fails (never skips) with where it looked when it is not there. */
  public static Path ml100kDir() {
    return ml100kDirIfPresent()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "ML-100K not found at "
                        + candidates().findFirst().orElseThrow().toAbsolutePath().normalize()
                        + " (set -Dmarquee.shared.dir to the folder holding data/ml-100k)"));
  }

  /** The ML-100K directory when it is there (a fixture that can do without real titles). */
  public static Optional<Path> ml100kDirIfPresent() {
    return candidates().filter(d -> Files.isRegularFile(d.resolve("u.data"))).findFirst();
  }

  private static Stream<Path> candidates() {
    String shared = System.getProperty("marquee.shared.dir");
    Stream<Path> bases =
        shared != null
            ? Stream.of(Path.of(shared))
            : Stream.of(Path.of("..", "shared"), Path.of("..", "..", "shared"));
    return bases.map(b -> b.resolve("data").resolve("ml-100k"));
  }
}
