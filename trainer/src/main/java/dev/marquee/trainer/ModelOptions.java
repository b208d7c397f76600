package dev.marquee.trainer;

import dev.marquee.trainer.model.FeatureSet;
import dev.marquee.trainer.model.Objective;
import dev.marquee.trainer.model.Softmax;
import dev.marquee.trainer.model.TrainConfig;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Model flags shared by every subcommand that builds a two-tower model: its shape, features and
 * batch.
 */
final class ModelOptions {
  @Option(
      names = "--factors",
      paramLabel = "N",
      defaultValue = "" + TrainConfig.FACTORS,
      description = "Embedding size (default: ${DEFAULT-VALUE}).")
  int factors;

  @Option(
      names = "--wd",
      paramLabel = "WD",
      defaultValue = "" + TrainConfig.WD,
      description =
          "Decoupled weight decay per step for epochs of up to 100 steps; a longer epoch shares"
              + " 100 steps' decay among its steps (default: ${DEFAULT-VALUE}).")
  float wd;

  @Option(
      names = "--batch-size",
      paramLabel = "N|auto",
      defaultValue = "auto",
      description =
          "Ratings per step; auto: "
              + TrainConfig.BATCH_SIZE
              + ", doubled until an epoch has at most "
              + TrainConfig.AUTO_MAX_STEPS
              + " steps (default: ${DEFAULT-VALUE}).")
  String batchSize;

  @Option(
      names = "--y-range",
      paramLabel = "LO,HI",
      defaultValue = "0,5.5",
      description = "Prediction range (default: ${DEFAULT-VALUE}).")
  String yRange;

  @Option(
      names = "--features",
      paramLabel = "none|movie|user|all",
      defaultValue = TrainConfig.FEATURES,
      description = "Side features in the towers (default: ${DEFAULT-VALUE}).")
  String features;

  @Option(
      names = "--implicit",
      negatable = true,
      defaultValue = "" + TrainConfig.IMPLICIT,
      fallbackValue = "true",
      description = "SVD++-style implicit feedback in the user tower (default: ${DEFAULT-VALUE}).")
  boolean implicit;

  @Option(
      names = "--objective",
      paramLabel = "rating|retrieval|joint",
      defaultValue = TrainConfig.OBJECTIVE,
      description =
          "What the towers learn: rating error, which movies a user rates (a softmax over the catalogue), or both "
              + "on one vector (default: ${DEFAULT-VALUE}). Recommendations rank by the retrieval score u·m + c_m; predicted ratings "
              + "come from the rating head.")
  String objective;

  @Option(
      names = "--retrieval-weight",
      paramLabel = "W",
      defaultValue = "" + TrainConfig.RETRIEVAL_WEIGHT,
      description =
          "Weight of the retrieval cross-entropy beside the rating MSE in the joint loss (default: ${DEFAULT-VALUE}).")
  float retrievalWeight;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      defaultValue = "" + TrainConfig.TEMPERATURE,
      description = "The retrieval logits are (u·m + c_m) / T (default: ${DEFAULT-VALUE}).")
  float temperature;

  @Option(
      names = "--positive-min",
      paramLabel = "R",
      defaultValue = "" + TrainConfig.POSITIVE_MIN,
      description =
          "Ratings at or above R are the retrieval loss's positives; 0: every rated movie (default: ${DEFAULT-VALUE}).")
  float positiveMin;

  @Option(
      names = "--softmax",
      paramLabel = "auto|full|sampled",
      defaultValue = TrainConfig.SOFTMAX,
      description =
          "Retrieval softmax over every movie, or over each rating's movie plus popularity-sampled negatives (shared "
              + "by the batch) with the logQ correction; auto: full up to "
              + Softmax.FULL_MAX_MOVIES
              + " movies (default: ${DEFAULT-VALUE}).")
  String softmax;

  @Option(
      names = "--negatives",
      paramLabel = "N",
      defaultValue = "" + TrainConfig.NEGATIVES,
      description = "Negatives per step of the sampled softmax (default: ${DEFAULT-VALUE}).")
  int negatives;

  @Option(
      names = "--history-cap",
      paramLabel = "N",
      defaultValue = "" + TrainConfig.HISTORY_CAP,
      description =
          "Most movies of a user's history the implicit term sums per training step (sampled above; the saved "
              + "vectors use the whole history) (default: ${DEFAULT-VALUE}).")
  int historyCap;

  /**
   * Checks the numeric flags; {@link #config} checks --y-range, --features, --objective and
   * --softmax as it parses them.
   */
  void validate(CommandLine cl) {
    if (factors < 1) {
      throw new CommandLine.ParameterException(cl, "--factors must be >= 1; --factors=" + factors);
    }
    batch(cl);
    if (!(wd >= 0) || Float.isInfinite(wd)) {
      throw new CommandLine.ParameterException(cl, "--wd must be >= 0; --wd=" + wd);
    }
    if (!(retrievalWeight > 0) || Float.isInfinite(retrievalWeight)) {
      throw new CommandLine.ParameterException(
          cl, "--retrieval-weight must be > 0; --retrieval-weight=" + retrievalWeight);
    }
    if (!(temperature > 0) || Float.isInfinite(temperature)) {
      throw new CommandLine.ParameterException(
          cl, "--temperature must be > 0; --temperature=" + temperature);
    }
    if (!(positiveMin >= 0) || Float.isInfinite(positiveMin)) {
      throw new CommandLine.ParameterException(
          cl, "--positive-min must be >= 0; --positive-min=" + positiveMin);
    }
    if (negatives < 1) {
      throw new CommandLine.ParameterException(
          cl, "--negatives must be >= 1; --negatives=" + negatives);
    }
    if (historyCap < 1) {
      throw new CommandLine.ParameterException(
          cl, "--history-cap must be >= 1; --history-cap=" + historyCap);
    }
  }

  /** These flags plus the caller's training settings, validated, as a {@link TrainConfig}. */
  TrainConfig config(
      CommandLine cl, int epochs, float lr, float idDropout, float movieIdDropout, long seed) {
    validate(cl);
    float[] y = parseRange(cl, yRange);
    Integer bs = batch(cl);
    return new TrainConfig(
        factors,
        epochs,
        lr,
        wd,
        bs == null ? TrainConfig.BATCH_SIZE : bs,
        y[0],
        y[1],
        parseFeatures(cl, features),
        implicit,
        idDropout,
        movieIdDropout,
        seed,
        parse(cl, Objective.class, "--objective", objective),
        retrievalWeight,
        temperature,
        positiveMin,
        parse(cl, Softmax.class, "--softmax", softmax),
        negatives,
        historyCap);
  }

  /** The --batch-size value, or null for auto. */
  Integer batch(CommandLine cl) {
    if (batchSize.strip().equalsIgnoreCase("auto")) {
      return null;
    }
    try {
      int bs = Integer.parseInt(batchSize.strip());
      if (bs >= 1) {
        return bs;
      }
    } catch (NumberFormatException ex) {
      // fall through to the message
    }
    throw new CommandLine.ParameterException(
        cl, "--batch-size must be auto or a number >= 1; --batch-size=" + batchSize);
  }

  /**
   * {@code cfg} with an automatic batch size resolved for {@code trainRatings} training ratings.
   */
  TrainConfig resolveBatch(CommandLine cl, TrainConfig cfg, long trainRatings) {
    return batch(cl) == null ? cfg.withBatchSize(TrainConfig.autoBatchSize(trainRatings)) : cfg;
  }

  static <E extends Enum<E>> E parse(CommandLine cl, Class<E> type, String flag, String s) {
    try {
      return Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      String names =
          java.util.Arrays.stream(type.getEnumConstants())
              .map(e -> e.name().toLowerCase(Locale.ROOT))
              .collect(java.util.stream.Collectors.joining(", "));
      throw new CommandLine.ParameterException(
          cl, flag + " must be one of " + names + "; " + flag + "=" + s);
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
      throw new CommandLine.ParameterException(
          cl, "--y-range must be LO,HI (two numbers); --y-range=" + s);
    }
    if (!(lo < hi) || Float.isInfinite(lo) || Float.isInfinite(hi)) {
      throw new CommandLine.ParameterException(
          cl, "--y-range low must be below high; --y-range=" + s);
    }
    return new float[] {lo, hi};
  }

  static FeatureSet parseFeatures(CommandLine cl, String s) {
    try {
      return FeatureSet.valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(
          cl, "--features must be none, movie, user or all; --features=" + s);
    }
  }
}
