package dev.marquee.trainer;

import dev.marquee.core.cli.ErrorHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code trainer}: trains the two-tower model, evaluates artifacts and finds learning rates. A
 * failure is one {@code error:} line naming the flag, and an exit code from the shared table; the
 * commands classify their failures themselves ({@link dev.marquee.core.cli.CommandException}).
 */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    version = "trainer 0.1.0",
    description =
        "Two-tower movie recommender: training, evaluation and learning-rate search on DJL/PyTorch.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      LrFindCommand.class,
      CommandLine.HelpCommand.class
    },
    modelTransformer = ErrorHandler.class)
public final class TrainerCli {
  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainerCli()).execute(args));
  }
}
