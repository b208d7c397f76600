package dev.marquee.core;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The artifact's {@code manifest.json}: what the model is, what it was trained on and how, how good
 * it is, and the SHA-256 of every other file in the artifact. Serialised in snake_case.
 *
 * @param format always {@link ModelArtifacts#FORMAT}
 * @param version format version, checked against {@link ModelArtifacts#MIN_VERSION}..{@link
 *     ModelArtifacts#VERSION}
 * @param modelId first 16 hex digits of the SHA-256 of {@code embeddings.safetensors}
 * @param createdAt ISO-8601 instant
 * @param dataset dataset name (e.g. "ml-100k")
 * @param datasetFingerprint SHA-256 of the ratings file the model was trained on (for a synthetic
 *     artifact, the generator's settings)
 * @param split the validation split used ("none" when trained on every rating)
 * @param features which side features the towers use: none, movie, user or all
 * @param factors embedding dimension
 * @param yMin low end of the prediction range
 * @param yMax high end of the prediction range
 * @param ratingMin lowest rating on the dataset's scale (1 for MovieLens 100K, 0.5 for the CSV
 *     sets): the bound a served rating is checked against, narrower than the prediction range
 * @param ratingMax highest rating on the dataset's scale
 * @param users number of users
 * @param movies number of movies
 * @param ratings number of ratings in the rating log
 * @param hyperparameters how the trainer trained the model; null for an artifact the trainer did
 *     not write (a synthetic one)
 * @param metrics evaluation results at training time, by name (e.g. valid_rmse)
 * @param vocabularies feature vocabularies by table name (also inside the tensors file, repeated
 *     here for people)
 * @param files SHA-256 of each data file of the artifact, by file name
 */
public record Manifest(
    String format,
    int version,
    String modelId,
    String createdAt,
    String dataset,
    String datasetFingerprint,
    String split,
    String features,
    int factors,
    float yMin,
    float yMax,
    float ratingMin,
    float ratingMax,
    long users,
    long movies,
    long ratings,
    TrainingConfig hyperparameters,
    Map<String, Double> metrics,
    Map<String, List<String>> vocabularies,
    Map<String, String> files) {

  public Manifest {
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    vocabularies = vocabularies == null ? Map.of() : new TreeMap<>(vocabularies);
    files = files == null ? Map.of() : new TreeMap<>(files);
  }

  /**
   * What a trainer fills in; the writer adds format, version, id, time, counts, vocabularies and
   * checksums.
   */
  public static Manifest draft(
      String dataset,
      String datasetFingerprint,
      String split,
      String features,
      float yMin,
      float yMax,
      float ratingMin,
      float ratingMax,
      TrainingConfig hyperparameters,
      Map<String, Double> metrics) {
    return new Manifest(
        null,
        0,
        null,
        null,
        dataset,
        datasetFingerprint,
        split,
        features,
        0,
        yMin,
        yMax,
        ratingMin,
        ratingMax,
        0,
        0,
        0,
        hyperparameters,
        metrics,
        null,
        null);
  }
}
