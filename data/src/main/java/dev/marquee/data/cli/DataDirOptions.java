package dev.marquee.data.cli;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.data.Dataset;
import dev.marquee.data.MovieLensReader;
import dev.marquee.data.ReadOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --data DIR} (default {@code $MARQUEE_DATA}) and {@code --lenient}, shared by commands that
 * read a dataset.
 */
@Exits({ExitCode.DATA, ExitCode.IO})
public final class DataDirOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${env:MARQUEE_DATA}",
      description =
          "Dataset directory (ml-100k, ml-1m, ml-latest-small, ml-25m, ...); default $MARQUEE_DATA.")
  Path data;

  @Option(names = "--lenient", description = "Skip and count malformed lines instead of failing.")
  boolean lenient;

  /** Reads the dataset; a missing --data is a usage error. */
  public Dataset read(CommandSpec spec) throws IOException {
    if (data == null) {
      throw new ParameterException(
          spec.commandLine(),
          "Missing --data DIR (or set MARQUEE_DATA), e.g. --data ../shared/data/ml-100k");
    }
    return MovieLensReader.read(data, new ReadOptions(lenient));
  }
}
