package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.marquee.data.Dataset;
import dev.marquee.data.Splits;
import dev.marquee.data.SynthConfig;
import dev.marquee.data.testing.Datasets;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data module's planted-factor generator (8 factors, noise 0.5): the model must find the
 * factors.
 */
class PlantedSynthTest {
  @TempDir Path tmp;

  @Test
  void recoversPlantedFactors() throws Exception {
    Dataset d = Datasets.synthetic(tmp.resolve("synth"), SynthConfig.small(300, 400, 30_000));
    Prepared p = Prepared.of(d, Splits.of(d, "random", 0.1, 42));
    TrainConfig c = TrainConfig.defaults();
    c = c.withEpochs(10).withBatchSize(256).withSeed(42);
    Training.Result r = Training.run(p, c, Device.cpu(), new TrainingLoop.Listener() {});
    double model = r.model().rmse(), biases = r.biases().rmse();
    assertTrue(
        r.epochs().getLast().trainLoss() < r.epochs().getFirst().trainLoss(),
        r.epochs().toString());
    assertTrue(model < 0.9 * biases, "model " + model + " vs biases " + biases);
    assertTrue(
        r.model().ndcgAt10() > r.biases().ndcgAt10(),
        "ndcg " + r.model().ndcgAt10() + " vs " + r.biases().ndcgAt10());
  }
}
