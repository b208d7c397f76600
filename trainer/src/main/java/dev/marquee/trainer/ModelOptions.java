package dev.marquee.trainer;

import dev.marquee.trainer.model.FeatureSet;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TwoTowerModel;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Model flags shared by every subcommand that builds a two-tower model: its shape, features and batch. */
final class ModelOptions {
  @Option(names = "--factors", paramLabel = "N", defaultValue = "" + TrainConfig.FACTORS, description = "Embedding size (default: ${DEFAULT-VALUE}).")
  int factors;

  @Option(names = "--wd", paramLabel = "WD", defaultValue = "" + TrainConfig.WD, description = "Decoupled weight decay (default: ${DEFAULT-VALUE}).")
  float wd;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + TrainConfig.BATCH_SIZE, description = "Ratings per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--y-range", paramLabel = "LO,HI", defaultValue = "0,5.5", description = "Prediction range (default: ${DEFAULT-VALUE}).")
  String yRange;

  @Option(names = "--features", paramLabel = "none|movie|user|all", defaultValue = TrainConfig.FEATURES,
      description = "Side features in the towers (default: ${DEFAULT-VALUE}).")
  String features;

  @Option(names = "--implicit", negatable = true, defaultValue = "" + TrainConfig.IMPLICIT, fallbackValue = "true",
      description = "SVD++-style implicit feedback in the user tower (default: ${DEFAULT-VALUE}).")
  boolean implicit;

  /** Checks the numeric flags; {@link #config} checks --y-range and --features as it parses them. */
  void validate(CommandLine cl) {
    if (factors < 1) {
      throw new CommandLine.ParameterException(cl, "--factors must be >= 1; --factors=" + factors);
    }
    if (batchSize < 1) {
      throw new CommandLine.ParameterException(cl, "--batch-size must be >= 1; --batch-size=" + batchSize);
    }
    if (!(wd >= 0) || Float.isInfinite(wd)) {
      throw new CommandLine.ParameterException(cl, "--wd must be >= 0; --wd=" + wd);
    }
  }

  /** These flags plus the caller's training settings, validated, as a {@link TrainConfig}. */
  TrainConfig config(CommandLine cl, int epochs, float lr, float idDropout, float movieIdDropout, long seed) {
    validate(cl);
    float[] y = parseRange(cl, yRange);
    return new TrainConfig(factors, epochs, lr, wd, batchSize, y[0], y[1], parseFeatures(cl, features), implicit, idDropout, movieIdDropout,
        seed);
  }

  /** --implicit keeps a dense users x movies matrix; refuses datasets where that would be too large. */
  void requireImplicitFits(CommandLine cl, Prepared p) {
    if (implicit && (long) p.users() * p.movies() > TwoTowerModel.MAX_IMPLICIT_CELLS) {
      throw new CommandLine.ParameterException(cl, "--implicit needs a dense users x movies matrix and " + p.dataset().name() + " has "
          + p.users() + " x " + p.movies() + "; use --no-implicit");
    }
  }

  static float[] parseRange(CommandLine cl, String s) {
    String[] p = s.split(",", -1);
    float lo, hi;
    try {
      if (p.length != 2) {
        throw new NumberFormatException();
      }
      lo = Float.parseFloat(p[0].strip());
      hi = Float.parseFloat(p[1].strip());
    } catch (NumberFormatException ex) {
      throw new CommandLine.ParameterException(cl, "--y-range must be LO,HI (two numbers); --y-range=" + s);
    }
    if (!(lo < hi) || Float.isInfinite(lo) || Float.isInfinite(hi)) {
      throw new CommandLine.ParameterException(cl, "--y-range low must be below high; --y-range=" + s);
    }
    return new float[] {lo, hi};
  }

  static FeatureSet parseFeatures(CommandLine cl, String s) {
    try {
      return FeatureSet.valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(cl, "--features must be none, movie, user or all; --features=" + s);
    }
  }
}
