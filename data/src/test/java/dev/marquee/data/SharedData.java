package dev.marquee.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared MovieLens copy (never committed) and reads ML-100K once per test JVM. */
final class SharedData {
  private static Dataset ml100k;

  private SharedData() {}

  /** The ML-100K directory: {@code ${marquee.shared.dir}/data/ml-100k}, else {@code ../shared/data/ml-100k}. */
  static Path ml100kDir() {
    String shared = System.getProperty("marquee.shared.dir");
    Path base = shared != null ? Path.of(shared) : Path.of("..", "shared");
    Path dir = base.resolve("data").resolve("ml-100k");
    if (!Files.isRegularFile(dir.resolve("u.data"))) {
      // Running from the module directory without Maven's property: try one level further up.
      Path alt = Path.of("..", "..", "shared", "data", "ml-100k");
      if (shared == null && Files.isRegularFile(alt.resolve("u.data"))) {
        return alt;
      }
      throw new IllegalStateException("ML-100K not found at " + dir.toAbsolutePath().normalize()
          + " (set -Dmarquee.shared.dir to the folder holding data/ml-100k)");
    }
    return dir;
  }

  static synchronized Dataset ml100k() {
    if (ml100k == null) {
      try {
        ml100k = MovieLensReader.read(ml100kDir(), ReadOptions.strict());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ml100k;
  }
}
