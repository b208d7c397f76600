package dev.marquee.core.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --threads N}: the threads a command works with; 0, the default, means one per processor.
 */
public final class ThreadsOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description = "Worker threads; 0 = one per processor (default: ${DEFAULT-VALUE}).")
  int threads;

  /**
   * The thread count: {@code --threads}, or the number of processors for 0; below 0 is a usage
   * error.
   */
  public int count() {
    if (threads < 0) {
      throw new ParameterException(
          mixee.commandLine(), "--threads must be >= 0; --threads=" + threads);
    }
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
