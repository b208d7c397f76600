package dev.marquee.data.cli;

import dev.marquee.core.cli.ErrorHandler;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.data.DataFormatException;
import dev.marquee.data.DownloadException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code data} command ({@code bin/data}): dataset statistics, download and synthetic
 * generation. A failure is one line on stderr naming the file, line and value, and an exit code
 * from the shared table ({@link ExitCode}); {@link Errors} maps this module's exceptions onto it.
 */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    version = "marquee data 0.1.0",
    description = "MovieLens datasets for Marquee: stats, download, synth.",
    subcommands = {StatsCommand.class, DownloadCommand.class, SynthCommand.class},
    modelTransformer = DataCli.Errors.class)
public final class DataCli {
  public static void main(String[] args) {
    System.exit(new CommandLine(new DataCli()).execute(args));
  }

  /** Bad data, a failed download, and a value the library refuses (a usage error). */
  static final class Errors extends ErrorHandler {
    Errors() {
      super(
          Map.of(
              DataFormatException.class, ExitCode.DATA,
              DownloadException.class, ExitCode.DOWNLOAD,
              IllegalArgumentException.class, ExitCode.USAGE));
    }
  }
}
