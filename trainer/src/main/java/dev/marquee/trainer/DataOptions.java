package dev.marquee.trainer;

import dev.marquee.core.cli.CommandException;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.data.Dataset;
import dev.marquee.data.MovieLensReader;
import dev.marquee.data.ReadOptions;
import dev.marquee.data.Split;
import dev.marquee.data.Splits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Flags shared by every subcommand that reads a dataset and splits it. */
@Exits(ExitCode.DATA)
final class DataOptions {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "MovieLens directory (ML-100K, ML-1M or CSV).")
  Path data;

  @Option(
      names = "--split",
      paramLabel = "SPEC",
      description =
          "Validation split: "
              + Splits.CHOICES
              + " (default: random; evaluate defaults to the split the model was trained with).")
  String split;

  @Option(
      names = "--valid-pct",
      paramLabel = "F",
      description =
          "Validation fraction for random and temporal splits; 0 means --split none (default: 0.1).")
  Double validPct;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the split, initialisation, shuffling and dropout (default: 42).")
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
      throw new CommandLine.ParameterException(
          cl, "--valid-pct must be in [0, 1); --valid-pct=" + validPct);
    }
  }

  Dataset read() throws IOException {
    return MovieLensReader.read(data, ReadOptions.strict());
  }

  /**
   * Splits {@code d}: a bad {@code --split} value is a {@link CommandLine.ParameterException}; a
   * split the dataset cannot give (e.g. a missing canonical split file) is a {@link ExitCode#DATA}
   * failure.
   */
  Split split(CommandLine cl, Dataset d) {
    try {
      return Splits.of(d, splitSpec(), validPct(), seed());
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(cl, "--split: " + ex.getMessage());
    } catch (UncheckedIOException ex) {
      IOException cause = ex.getCause();
      throw new CommandException(
          ExitCode.DATA, "--split " + splitSpec() + ": " + cause.getMessage(), cause);
    }
  }

  /**
   * A dataset read from {@code --data} and its split per {@code --split}, {@code --valid-pct} and
   * {@code --seed}.
   */
  record Loaded(Dataset dataset, Split split) {}

  /** {@link #load(CommandLine, Consumer)} with nothing to do between reading and splitting. */
  Loaded load(CommandLine cl) {
    return load(cl, d -> {});
  }

  /**
   * Reads {@code --data} and splits it, as {@link #split}. Unreadable or malformed data is a {@link
   * ExitCode#DATA} failure naming {@code --data}. {@code afterRead} sees the dataset before it is
   * split (e.g. to warn about it even when the split then fails).
   */
  Loaded load(CommandLine cl, Consumer<Dataset> afterRead) {
    return loadExtended(
        cl,
        d -> {
          afterRead.accept(d);
          return d;
        });
  }

  /**
   * Reads {@code --data}, passes it through {@code extend} (e.g. adding live ratings) and splits
   * what that returns.
   */
  Loaded loadExtended(CommandLine cl, UnaryOperator<Dataset> extend) {
    Dataset d;
    try {
      d = read();
    } catch (IOException ex) {
      throw new CommandException(ExitCode.DATA, "--data " + data + ": " + ex.getMessage(), ex);
    }
    d = extend.apply(d);
    return new Loaded(d, split(cl, d));
  }
}
