package dev.marquee.trainer;

import dev.marquee.data.Dataset;
import dev.marquee.data.MovieLensReader;
import dev.marquee.data.ReadOptions;
import dev.marquee.data.Split;
import dev.marquee.data.Splits;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Flags shared by every subcommand that reads a dataset and splits it. */
final class DataOptions {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "MovieLens directory (ML-100K, ML-1M or CSV).")
  Path data;

  @Option(names = "--split", paramLabel = "SPEC", description = "Validation split: " + Splits.CHOICES + " (default: random; evaluate defaults to the split the model was trained with).")
  String split;

  @Option(names = "--valid-pct", paramLabel = "F", description = "Validation fraction for random and temporal splits; 0 means --split none (default: 0.1).")
  Double validPct;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the split, initialisation, shuffling and dropout (default: 42).")
  Long seed;

  long seed() {
    return seed == null ? 42 : seed;
  }

  double validPct() {
    return validPct == null ? 0.1 : validPct;
  }

  String splitSpec() {
    if (validPct != null && validPct == 0) {
      return "none";
    }
    return split == null ? "random" : split;
  }

  void validate(CommandLine cl) {
    if (validPct != null && !(validPct >= 0 && validPct < 1)) {
      throw new CommandLine.ParameterException(cl, "--valid-pct must be in [0, 1); --valid-pct=" + validPct);
    }
  }

  Dataset read() throws IOException {
    return MovieLensReader.read(data, ReadOptions.strict());
  }

  Split split(CommandLine cl, Dataset d) {
    try {
      return Splits.of(d, splitSpec(), validPct(), seed());
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(cl, "--split: " + ex.getMessage());
    } catch (java.io.UncheckedIOException ex) {
      throw new DataError(ex.getCause());
    }
  }

  /** A dataset problem found while splitting (e.g. a missing canonical split file). */
  static final class DataError extends RuntimeException {
    DataError(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
