package dev.marquee.trainer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trainer}: trains the two-tower model, evaluates artifacts and finds learning rates. */
@Command(name = "trainer", mixinStandardHelpOptions = true, version = "trainer 0.1.0",
    description = "Two-tower movie recommender: training, evaluation and learning-rate search on DJL/PyTorch.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, LrFindCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:unexpected error", "2:bad flag or value", "3:dataset missing or malformed",
        "4:model artifact missing, corrupt or incompatible", "5:cannot write output"})
public final class TrainerCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: choose train, evaluate or lr-find");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainerCli()).execute(args));
  }
}
