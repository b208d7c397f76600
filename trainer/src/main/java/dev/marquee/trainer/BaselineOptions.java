package dev.marquee.trainer;

import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.Ease;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Flags of the baselines printed beside the model (train and evaluate): EASE's lambda and catalogue
 * limit.
 */
final class BaselineOptions {
  @Option(
      names = "--ease-lambda",
      paramLabel = "L",
      defaultValue = "" + Ease.LAMBDA,
      description = "L2 weight of the EASE top-N baseline (default: ${DEFAULT-VALUE}).")
  double easeLambda;

  @Option(
      names = "--ease-max-movies",
      paramLabel = "N",
      defaultValue = "" + Ease.MAX_MOVIES,
      description =
          "Skip the EASE baseline (with a note) above this many movies: it inverts a dense movies x movies matrix, "
              + "memory growing with the square and time with the cube of the catalogue (default: ${DEFAULT-VALUE}; 0 never fits it).")
  int easeMaxMovies;

  /** The validated settings; a bad value is a usage error naming the flag. */
  Baselines.Settings settings(CommandLine cl) {
    if (!(easeLambda > 0) || Double.isInfinite(easeLambda)) {
      throw new CommandLine.ParameterException(
          cl, "--ease-lambda must be a positive number; --ease-lambda=" + easeLambda);
    }
    if (easeMaxMovies < 0 || easeMaxMovies > Ease.HARD_MAX_MOVIES) {
      throw new CommandLine.ParameterException(
          cl,
          "--ease-max-movies must be in [0, "
              + Ease.HARD_MAX_MOVIES
              + "]; --ease-max-movies="
              + easeMaxMovies);
    }
    return new Baselines.Settings(easeLambda, easeMaxMovies);
  }
}
