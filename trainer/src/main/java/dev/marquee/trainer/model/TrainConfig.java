package dev.marquee.trainer.model;

import dev.marquee.core.TrainingConfig;

/**
 * Training settings. Defaults ({@link #defaults()}) were chosen by the ML-100K benchmark in
 * BENCHMARKS.md.
 *
 * @param factors embedding dimension
 * @param epochs passes over the training set
 * @param lr peak learning rate of the one-cycle schedule
 * @param wd decoupled (AdamW-style) weight decay
 * @param batchSize ratings per step
 * @param yLo low end of the prediction range
 * @param yHi high end of the prediction range
 * @param features side features the towers use
 * @param implicit SVD++-style implicit feedback in the user tower (|N(u)|^-1/2 * sum of y_j over
 *     training-rated movies)
 * @param idDropout probability of zeroing a user's ID part (ID vector, ID bias and implicit term)
 *     in an example, so features-only user vectors stay useful for cold start
 * @param movieIdDropout the same for the movie's ID part
 * @param seed seed of initialisation, shuffling and dropout
 * @param objective rating, retrieval or both ({@link Objective})
 * @param retrievalWeight weight of the retrieval cross-entropy beside the rating MSE in the joint
 *     loss
 * @param temperature the retrieval logits are (u·m + c_m) / temperature
 * @param softmax full or sampled softmax for the retrieval loss
 * @param negatives popularity-sampled negatives per step of the sampled softmax (beside the batch's
 *     own movies)
 * @param positiveMin ratings at or above this are the retrieval loss's positives ("which movie did
 *     this user like"); 0 makes every rated movie a positive
 * @param historyCap most movies of one user's history the implicit term sums in one training step
 *     (a uniform sample, rescaled, above it); the exported vectors always use the whole history
 */
public record TrainConfig(
    int factors,
    int epochs,
    float lr,
    float wd,
    int batchSize,
    float yLo,
    float yHi,
    FeatureSet features,
    boolean implicit,
    float idDropout,
    float movieIdDropout,
    long seed,
    Objective objective,
    float retrievalWeight,
    float temperature,
    float positiveMin,
    Softmax softmax,
    int negatives,
    int historyCap) {

  public TrainConfig {
    if (factors < 1) {
      throw new IllegalArgumentException("factors must be >= 1; factors=" + factors);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1; epochs=" + epochs);
    }
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be > 0; lr=" + lr);
    }
    if (!(wd >= 0) || Float.isInfinite(wd)) {
      throw new IllegalArgumentException("wd must be >= 0; wd=" + wd);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1; batch-size=" + batchSize);
    }
    if (!(yLo < yHi)) {
      throw new IllegalArgumentException(
          "y-range low must be below high; y-range=" + yLo + "," + yHi);
    }
    if (!(idDropout >= 0 && idDropout < 1)) {
      throw new IllegalArgumentException("id dropout must be in [0, 1); id-dropout=" + idDropout);
    }
    if (!(movieIdDropout >= 0 && movieIdDropout < 1)) {
      throw new IllegalArgumentException(
          "movie id dropout must be in [0, 1); movie-id-dropout=" + movieIdDropout);
    }
    if (!(retrievalWeight > 0) || Float.isInfinite(retrievalWeight)) {
      throw new IllegalArgumentException(
          "retrieval weight must be > 0; retrieval-weight=" + retrievalWeight);
    }
    if (!(temperature > 0) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0; temperature=" + temperature);
    }
    if (!(positiveMin >= 0) || Float.isInfinite(positiveMin)) {
      throw new IllegalArgumentException("positive min must be >= 0; positive-min=" + positiveMin);
    }
    if (negatives < 1) {
      throw new IllegalArgumentException("negatives must be >= 1; negatives=" + negatives);
    }
    if (historyCap < 1) {
      throw new IllegalArgumentException("history cap must be >= 1; history-cap=" + historyCap);
    }
  }

  public static final int FACTORS = 40;
  public static final int EPOCHS = 7;
  public static final float LR = 0.01f;
  public static final float WD = 1.0f;
  public static final int BATCH_SIZE = 1024;
  public static final boolean IMPLICIT = true;
  public static final float ID_DROPOUT = 0.05f;
  public static final float MOVIE_ID_DROPOUT = 0f;
  public static final String FEATURES = "all";
  public static final String OBJECTIVE = "joint";
  public static final float RETRIEVAL_WEIGHT = 0.25f;
  public static final float TEMPERATURE = 0.3f;
  public static final float POSITIVE_MIN = 4f;
  public static final String SOFTMAX = "auto";
  public static final int NEGATIVES = 512;
  public static final int HISTORY_CAP = 1024;

  /**
   * Longest epoch, in steps, that {@link #autoBatchSize} allows. 2048 (batch 16384 on the ML-25M
   * shape) was measured: the epoch took as long as at batch 8192 (6:59 against 6:48, quiet machine)
   * with a worse validation RMSE after it (0.959 against 0.894), so the cost is not per step.
   */
  public static final int AUTO_MAX_STEPS = 4096;

  /**
   * {@code --batch-size auto}: {@link #BATCH_SIZE} doubled until an epoch of {@code trainRatings}
   * takes at most {@link #AUTO_MAX_STEPS} steps (ML-100K and ML-1M: 1024; 22.5M ratings: 8192).
   * Every step updates every embedding table in full, so on a large dataset the step count, not the
   * batch, sets the time.
   */
  public static int autoBatchSize(long trainRatings) {
    int bs = BATCH_SIZE;
    while ((trainRatings + bs - 1) / bs > AUTO_MAX_STEPS && bs < (1 << 20)) {
      bs *= 2;
    }
    return bs;
  }

  /** The defaults of {@code trainer train}. */
  public static TrainConfig defaults() {
    return new TrainConfig(
        FACTORS,
        EPOCHS,
        LR,
        WD,
        BATCH_SIZE,
        0f,
        5.5f,
        FeatureSet.valueOf(FEATURES.toUpperCase(java.util.Locale.ROOT)),
        IMPLICIT,
        ID_DROPOUT,
        MOVIE_ID_DROPOUT,
        42,
        Objective.valueOf(OBJECTIVE.toUpperCase(java.util.Locale.ROOT)),
        RETRIEVAL_WEIGHT,
        TEMPERATURE,
        POSITIVE_MIN,
        Softmax.valueOf(SOFTMAX.toUpperCase(java.util.Locale.ROOT)),
        NEGATIVES,
        HISTORY_CAP);
  }

  /**
   * The settings as the manifest stores them, with the run's own: {@code models} seeds
   * concatenated, trained on {@code split} (its spec, e.g. {@code random} or {@code u1}) with
   * {@code validPct} held out.
   */
  public TrainingConfig toTrainingConfig(int models, String split, double validPct) {
    return new TrainingConfig(
        objective.label(),
        factors,
        epochs,
        lr,
        wd,
        batchSize,
        new TrainingConfig.Range(yLo, yHi),
        features.label(),
        implicit,
        idDropout,
        movieIdDropout,
        seed,
        retrievalWeight,
        temperature,
        positiveMin,
        softmax.label(),
        negatives,
        historyCap,
        models,
        split,
        validPct,
        "adam(beta1 one-cycle 0.95..0.85, beta2 0.99, eps 1e-5), decoupled wd",
        "one-cycle(pct_start 0.25, div 25, div_final 1e5)",
        "normal(0, 0.01)");
  }

  public TrainConfig withEpochs(int e) {
    return new TrainConfig(
        factors,
        e,
        lr,
        wd,
        batchSize,
        yLo,
        yHi,
        features,
        implicit,
        idDropout,
        movieIdDropout,
        seed,
        objective,
        retrievalWeight,
        temperature,
        positiveMin,
        softmax,
        negatives,
        historyCap);
  }

  public TrainConfig withSeed(long s) {
    return new TrainConfig(
        factors,
        epochs,
        lr,
        wd,
        batchSize,
        yLo,
        yHi,
        features,
        implicit,
        idDropout,
        movieIdDropout,
        s,
        objective,
        retrievalWeight,
        temperature,
        positiveMin,
        softmax,
        negatives,
        historyCap);
  }

  public TrainConfig withBatchSize(int b) {
    return new TrainConfig(
        factors,
        epochs,
        lr,
        wd,
        b,
        yLo,
        yHi,
        features,
        implicit,
        idDropout,
        movieIdDropout,
        seed,
        objective,
        retrievalWeight,
        temperature,
        positiveMin,
        softmax,
        negatives,
        historyCap);
  }

  public TrainConfig withObjective(Objective o, float weight) {
    return new TrainConfig(
        factors,
        epochs,
        lr,
        wd,
        batchSize,
        yLo,
        yHi,
        features,
        implicit,
        idDropout,
        movieIdDropout,
        seed,
        o,
        weight,
        temperature,
        positiveMin,
        softmax,
        negatives,
        historyCap);
  }
}
