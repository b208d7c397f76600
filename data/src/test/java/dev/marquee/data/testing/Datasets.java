package dev.marquee.data.testing;

import dev.marquee.core.testing.SharedData;
import dev.marquee.data.Dataset;
import dev.marquee.data.DatasetFormat;
import dev.marquee.data.MovieLensReader;
import dev.marquee.data.ReadOptions;
import dev.marquee.data.SynthConfig;
import dev.marquee.data.SyntheticDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The datasets tests read and train on: the shared ML-100K, and synthetic ones from the one
 * generator, {@link SyntheticDataset}, whose ground truth ({@code planted.tsv}) lies beside them.
 */
public final class Datasets {
  private static Dataset ml100k;

  private Datasets() {}

  /**
   * ML-100K from the shared copy ({@link SharedData#ml100kDir()}), read strictly once per test JVM.
   */
  public static synchronized Dataset ml100k() {
    if (ml100k == null) {
      try {
        ml100k = MovieLensReader.read(SharedData.ml100kDir(), ReadOptions.strict());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ml100k;
  }

  /**
   * Writes {@code cfg}'s dataset into {@code dir} (which must not exist) and reads it back
   * strictly.
   */
  public static Dataset synthetic(Path dir, SynthConfig cfg) throws IOException {
    return MovieLensReader.read(SyntheticDataset.write(dir, cfg), ReadOptions.strict());
  }

  /**
   * Hand-sized, for training and command-line tests: 120 users, 150 movies, 4,800 ratings (40 a
   * user on average), two planted factors and little noise (0.3), so a model beats the biases
   * clearly within a few epochs.
   */
  public static SynthConfig small(long seed) {
    return new SynthConfig(120, 150, 4_800, 2, seed, DatasetFormat.ML_100K).withNoise(0.3);
  }

  /**
   * For tests of ranking objectives: 300 users, 300 movies, 12,000 ratings, four planted factors,
   * and choices that follow taste ({@link SynthConfig#taste()} {@value #TASTE}), so that a model
   * trained to rank what users choose beats most-popular and a rating-only model.
   */
  public static SynthConfig tasteChoices(long seed) {
    return new SynthConfig(300, 300, 12_000, 4, seed, DatasetFormat.ML_100K).withTaste(TASTE);
  }

  /** How strongly choices follow taste in {@link #tasteChoices}. */
  public static final double TASTE = 2;
}
