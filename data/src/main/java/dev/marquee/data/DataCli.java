package dev.marquee.data;

import dev.marquee.data.cli.DownloadCommand;
import dev.marquee.data.cli.ExitCodes;
import dev.marquee.data.cli.StatsCommand;
import dev.marquee.data.cli.SynthCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code data} command ({@code bin/data}): dataset statistics, download and synthetic
 * generation. Exit codes: 0 success, 1 bad or missing data (one line on stderr naming the file,
 * line and value), 2 usage error, 3 download failed (network, HTTP, checksum).
 *
 * <p>The one-line error handler is installed by a model transformer, which picocli runs while
 * constructing the {@link CommandLine}; so {@code new CommandLine(new DataCli()).execute(args)}
 * (main, and the tests) needs no further set-up.
 */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    version = "marquee data 0.1.0",
    description = "MovieLens datasets for Marquee: stats, download, synth.",
    subcommands = {StatsCommand.class, DownloadCommand.class, SynthCommand.class},
    modelTransformer = ExitCodes.Install.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success",
      " 1:bad or missing data (one line on stderr)",
      " 2:usage error",
      " 3:download failed (network, HTTP status, checksum)"
    })
public final class DataCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DataCli()).execute(args));
  }

  @Override
  public Integer call() {
    // No subcommand given: that is a usage error.
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
