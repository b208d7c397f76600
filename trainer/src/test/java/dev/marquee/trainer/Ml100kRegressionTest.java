package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.marquee.data.Dataset;
import dev.marquee.data.MovieLensReader;
import dev.marquee.data.ReadOptions;
import dev.marquee.data.Splits;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Regression on the real ML-100K (from {@code ${marquee.shared.dir}/data/ml-100k}, never committed):
 * default settings, random 10% split, seed 42. Expected numbers as anserini keeps them: measured
 * value with a tolerance for platform differences in float summation order.
 */
class Ml100kRegressionTest {
  static final double EXPECTED_RMSE = 0.8883;
  static final double TOLERANCE = 0.003;

  static Path ml100k() {
    String shared = System.getProperty("marquee.shared.dir");
    Path dir = (shared != null ? Path.of(shared) : Path.of("..", "shared")).resolve("data").resolve("ml-100k");
    if (!Files.isRegularFile(dir.resolve("u.data"))) {
      throw new IllegalStateException("ML-100K not found at " + dir.toAbsolutePath().normalize()
          + " (set -Dmarquee.shared.dir to the folder holding data/ml-100k)");
    }
    return dir;
  }

  @Test
  void defaultSettingsSeed42() throws Exception {
    Dataset d = MovieLensReader.read(ml100k(), ReadOptions.strict());
    Prepared p = Prepared.of(d, Splits.of(d, "random", 0.1, 42));
    Training.Result r = Training.run(p, TrainConfig.defaults(), Device.cpu(), new TrainingLoop.Listener() {});
    double rmse = r.model().rmse();
    System.out.printf("ML-100K seed 42 defaults: rmse %.4f recall@10 %.4f ndcg@10 %.4f (biases %.4f / %.4f) in %.1f s%n", rmse,
        r.model().recallAt10(), r.model().ndcgAt10(), r.biases().recallAt10(), r.biases().ndcgAt10(), r.trainSeconds());
    assertTrue(rmse <= 0.895, "issue bound: rmse " + rmse);
    assertEquals(EXPECTED_RMSE, rmse, TOLERANCE);
    assertTrue(r.model().recallAt10() > r.biases().recallAt10(), "recall vs biases-only");
    assertTrue(r.model().ndcgAt10() > r.biases().ndcgAt10(), "ndcg vs biases-only");
  }
}
