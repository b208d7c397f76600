package dev.marquee.core;

import java.util.List;

/**
 * Embeddings and biases of one categorical side feature, e.g. {@code user.occupation} or {@code
 * movie.genre}. Row i belongs to {@code vocabulary.get(i)}.
 */
public record FeatureTable(String name, List<String> vocabulary, float[][] vectors, float[] bias) {
  public FeatureTable {
    vocabulary = List.copyOf(vocabulary);
    if (vectors.length != vocabulary.size() || bias.length != vocabulary.size()) {
      throw new IllegalArgumentException(
          "feature "
              + name
              + ": "
              + vocabulary.size()
              + " vocabulary entries but "
              + vectors.length
              + " vectors and "
              + bias.length
              + " biases");
    }
  }

  /**
   * Row of a value; unknown values map to the {@link Buckets#UNKNOWN} row when there is one, else
   * -1.
   */
  public int row(String value) {
    int i = vocabulary.indexOf(value);
    return i >= 0 ? i : vocabulary.indexOf(Buckets.UNKNOWN);
  }
}
