package dev.marquee.core;

import java.util.List;
import java.util.Optional;

/**
 * The trained towers' output: one vector and bias per known user and movie (the full tower output,
 * ID and features included), and the feature tables needed to build a vector for a user or movie
 * the model has never seen (see {@link Features}).
 *
 * <p>Each movie has two biases because the model has two heads on the same vectors (see {@link
 * Scoring}): {@code movieBias} b_m belongs to the rating head (u·m + b_u + b_m), and {@code
 * movieRetrievalBias} c_m to the ranking head (u·m + c_m). A rating bias says how well a movie is
 * rated by those who watch it; a retrieval bias says how likely it is to be watched at all, which
 * is what a top-N list must reflect and what the index serves.
 *
 * @param movieRetrievalBias c_m per movie, in movie order
 */
public record Embeddings(
    int dim,
    long[] userIds,
    float[][] userVectors,
    float[] userBias,
    long[] movieIds,
    float[][] movieVectors,
    float[] movieBias,
    float[] movieRetrievalBias,
    List<FeatureTable> features) {

  public Embeddings {
    features = List.copyOf(features);
    check("user", userIds.length, userVectors, userBias, dim);
    check("movie", movieIds.length, movieVectors, movieBias, dim);
    if (movieRetrievalBias.length != movieIds.length) {
      throw new IllegalArgumentException(
          movieIds.length
              + " movie ids but "
              + movieRetrievalBias.length
              + " movie retrieval biases");
    }
    for (FeatureTable t : features) {
      for (float[] v : t.vectors()) {
        if (v.length != dim) {
          throw new IllegalArgumentException(
              "feature " + t.name() + " has a vector of length " + v.length + ", expected " + dim);
        }
      }
    }
  }

  private static void check(String what, int n, float[][] vectors, float[] bias, int dim) {
    if (vectors.length != n || bias.length != n) {
      throw new IllegalArgumentException(
          n
              + " "
              + what
              + " ids but "
              + vectors.length
              + " vectors and "
              + bias.length
              + " biases");
    }
    for (float[] v : vectors) {
      if (v.length != dim) {
        throw new IllegalArgumentException(
            what + " vector of length " + v.length + ", expected " + dim);
      }
    }
  }

  /** The named feature table, if the model has it. */
  public Optional<FeatureTable> feature(String name) {
    return features.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
