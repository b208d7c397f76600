package dev.marquee.indexer.cli;

import dev.marquee.core.cli.ErrorHandler;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.indexer.IndexExitCodes;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code indexer} command: build, verify and describe the Lucene HNSW movie index, and write
 * synthetic model artifacts for benchmarks. A failure is one {@code error:} line and an exit code
 * from the shared table ({@link ExitCode}); {@link Errors} maps this module's exceptions onto it.
 */
@Command(
    name = "indexer",
    mixinStandardHelpOptions = true,
    version = "marquee indexer 0.1.0",
    description = "Lucene HNSW index of movie vectors [m ; c_m], verified against exact search.",
    subcommands = {
      BuildCommand.class,
      VerifyCommand.class,
      InfoCommand.class,
      SynthModelCommand.class,
      CommandLine.HelpCommand.class
    },
    modelTransformer = IndexerCli.Errors.class)
public final class IndexerCli {
  public static void main(String[] args) {
    System.exit(new CommandLine(new IndexerCli()).execute(args));
  }

  /**
   * An index problem, and a value the library refuses (a usage error, e.g. {@code --quantize
   * int3}).
   */
  static final class Errors extends ErrorHandler {
    Errors() {
      super(withUsage(IndexExitCodes.BY_TYPE));
    }

    private static Map<Class<? extends Throwable>, ExitCode> withUsage(
        Map<Class<? extends Throwable>, ExitCode> byType) {
      Map<Class<? extends Throwable>, ExitCode> all = new HashMap<>(byType);
      all.put(IllegalArgumentException.class, ExitCode.USAGE);
      return all;
    }
  }
}
