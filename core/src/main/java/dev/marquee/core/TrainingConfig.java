package dev.marquee.core;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How a model was trained: the settings of {@code trainer train}, stored in the manifest under
 * {@code hyperparameters} (snake_case names, alphabetical order). It lives in core, not in the
 * trainer, so that every reader of an artifact sees the same typed record without depending on the
 * trainer; the trainer's {@code TrainConfig.toTrainingConfig} is the one place that fills it in.
 *
 * <p>The enum-like settings are stored by their command-line names (the trainer's enums are
 * DJL-side).
 *
 * @param objective what the towers learned: {@code rating}, {@code retrieval} or {@code joint}
 * @param factors embedding dimension of one model (the artifact's is {@code models} times this)
 * @param epochs passes over the training set
 * @param lr peak learning rate of the one-cycle schedule
 * @param wd decoupled weight decay
 * @param batchSize ratings per step
 * @param yRange the rating head's prediction range
 * @param features side features the towers use: {@code none}, {@code movie}, {@code user} or {@code
 *     all}
 * @param implicit whether the user tower has the SVD++-style implicit term
 * @param idDropout probability of dropping a user's ID part per example
 * @param movieIdDropout the same for a movie's ID part
 * @param seed seed of the split, initialisation, shuffling and dropout
 * @param retrievalWeight weight of the retrieval cross-entropy beside the rating MSE
 * @param temperature the retrieval logits' temperature
 * @param positiveMin ratings at or above this were the retrieval loss's positives
 * @param softmax {@code auto}, {@code full} or {@code sampled}
 * @param negatives negatives per step of the sampled softmax
 * @param historyCap most history movies the implicit term summed per training step
 * @param models how many seeds' models the artifact concatenates
 * @param split the validation split spec ({@code random}, {@code u1}, ..., {@code none})
 * @param validPct validation fraction of the random and temporal splits
 * @param optimizer the optimizer, in words
 * @param schedule the learning-rate schedule, in words
 * @param init the embeddings' initialisation, in words
 */
@JsonPropertyOrder(alphabetic = true)
public record TrainingConfig(
    String objective,
    int factors,
    int epochs,
    float lr,
    float wd,
    int batchSize,
    Range yRange,
    String features,
    boolean implicit,
    float idDropout,
    float movieIdDropout,
    long seed,
    float retrievalWeight,
    float temperature,
    float positiveMin,
    String softmax,
    int negatives,
    int historyCap,
    int models,
    String split,
    double validPct,
    String optimizer,
    String schedule,
    String init) {

  /** A closed interval, written as the JSON array {@code [lo, hi]}. */
  @JsonFormat(shape = JsonFormat.Shape.ARRAY)
  @JsonPropertyOrder({"lo", "hi"})
  public record Range(float lo, float hi) {}
}
