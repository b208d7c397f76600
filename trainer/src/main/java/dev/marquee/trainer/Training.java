package dev.marquee.trainer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.marquee.core.Embeddings;
import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.EmbeddingScorer;
import dev.marquee.trainer.eval.Evaluator;
import dev.marquee.trainer.eval.Metrics;
import dev.marquee.trainer.model.Ensemble;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import dev.marquee.trainer.model.TwoTowerModel;
import java.util.ArrayList;
import java.util.List;

/** One training run on prepared data: train, export, evaluate against the baselines. */
final class Training {
  private Training() {}

  /** What a run produced. Metrics are null without a validation set. */
  record Result(Embeddings embeddings, List<TrainingLoop.EpochStats> epochs, double trainSeconds,
      Metrics model, Metrics globalMean, Metrics biases) {}

  static Result run(Prepared p, TrainConfig cfg, Device device, TrainingLoop.Listener listener) {
    return run(p, cfg, 1, device, listener);
  }

  /**
   * Trains {@code models} models (seeds seed, seed+1, ...) and concatenates them ({@link Ensemble});
   * the epoch rows are the last model's.
   */
  static Result run(Prepared p, TrainConfig cfg, int models, Device device, TrainingLoop.Listener listener) {
    long t0 = System.nanoTime();
    List<Embeddings> parts = new ArrayList<>();
    List<TrainingLoop.EpochStats> epochs = List.of();
    for (int k = 0; k < models; k++) {
      TrainConfig c = cfg.withSeed(cfg.seed() + k);
      try (NDManager manager = NDManager.newBaseManager(device);
          TwoTowerModel model = new TwoTowerModel(manager, c, p.side(), p.train())) {
        epochs = TrainingLoop.train(model, c, p.train(), p.valid(), listener);
        parts.add(model.export(p.dataset().userIds().ids(), p.dataset().movieIds().ids()));
      }
    }
    Embeddings e = Ensemble.concat(parts);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (p.valid().size() == 0) {
      return new Result(e, epochs, seconds, null, null, null);
    }
    Evaluator ev = new Evaluator(p.train(), p.valid(), p.users(), p.movies());
    return new Result(e, epochs, seconds,
        ev.evaluate(new EmbeddingScorer(e, cfg.yLo(), cfg.yHi())),
        ev.evaluate(Baselines.globalMean(p.train())),
        ev.evaluate(Baselines.biases(p.train(), p.users(), p.movies(), p.dataset().minRating(), p.dataset().maxRating())));
  }
}
