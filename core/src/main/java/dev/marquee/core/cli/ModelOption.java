package dev.marquee.core.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --model MODEL_DIR}: the model artifact directory a command reads (indexer build and
 * verify, the server, trainer evaluate), declared once so the flag reads the same everywhere.
 */
public final class ModelOption {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "Model artifact directory.")
  Path dir;

  /** The directory given with {@code --model}. */
  public Path dir() {
    return dir;
  }
}
