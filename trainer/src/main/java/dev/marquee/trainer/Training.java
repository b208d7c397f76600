package dev.marquee.trainer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.marquee.core.Embeddings;
import dev.marquee.core.Features;
import dev.marquee.core.Scoring;
import dev.marquee.data.Movie;
import dev.marquee.data.User;
import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.EmbeddingScorer;
import dev.marquee.trainer.eval.Evaluator;
import dev.marquee.trainer.eval.Metrics;
import dev.marquee.trainer.model.Ensemble;
import dev.marquee.trainer.model.Interactions;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import dev.marquee.trainer.model.TwoTowerModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run on prepared data: train, export, evaluate against the baselines. Public for the
 * benchmark harness (benchmarks module), which trains many configurations in one JVM.
 */
public final class Training {
  private Training() {}

  /** What a run produced. Metrics and baselines are null without a validation set. */
  public record Result(
      Embeddings embeddings,
      List<TrainingLoop.EpochStats> epochs,
      double trainSeconds,
      Metrics model,
      Baselines.Report baselines,
      ColdStart coldStart) {
    Metrics globalMean() {
      return baselines == null ? null : baselines.globalMean();
    }

    Metrics biases() {
      return baselines == null ? null : baselines.biases();
    }
  }

  /**
   * Validation RMSE when one side is replaced by its features-only vector (core's {@link
   * Features}), as the server scores users or movies it has never seen; NaN where the model lacks
   * that side's features. The "zero" numbers use an all-zero vector and bias for that side instead.
   */
  public record ColdStart(
      double userRmse, double userZeroRmse, double movieRmse, double movieZeroRmse) {
    Map<String, Double> toMap() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("cold_user_rmse", userRmse);
      m.put("cold_user_zero_rmse", userZeroRmse);
      m.put("cold_movie_rmse", movieRmse);
      m.put("cold_movie_zero_rmse", movieZeroRmse);
      return m;
    }
  }

  static ColdStart coldStart(Prepared p, Embeddings e, float lo, float hi) {
    int nu = p.users(), nm = p.movies();
    Features.Vector[] fu = new Features.Vector[nu];
    Features.Vector[] fm = new Features.Vector[nm];
    for (int u = 0; u < nu; u++) {
      User x = p.dataset().users().get(u);
      fu[u] = Features.user(e, x.age(), x.gender(), x.occupation());
    }
    for (int m = 0; m < nm; m++) {
      Movie x = p.dataset().movies().get(m);
      fm[m] = Features.movie(e, x.genres(), x.year());
    }
    float[] zero = new float[e.dim()];
    double su = 0, suz = 0, sm = 0, smz = 0;
    Interactions v = p.valid();
    for (int i = 0; i < v.size(); i++) {
      int u = v.user()[i], m = v.movie()[i];
      float r = v.rating()[i];
      su +=
          sq(
              Scoring.predictedRating(
                      Scoring.score(
                          fu[u].vector(), fu[u].bias(), e.movieVectors()[m], e.movieBias()[m]),
                      lo,
                      hi)
                  - r);
      suz +=
          sq(
              Scoring.predictedRating(
                      Scoring.score(zero, 0f, e.movieVectors()[m], e.movieBias()[m]), lo, hi)
                  - r);
      sm +=
          sq(
              Scoring.predictedRating(
                      Scoring.score(
                          e.userVectors()[u], e.userBias()[u], fm[m].vector(), fm[m].bias()),
                      lo,
                      hi)
                  - r);
      smz +=
          sq(
              Scoring.predictedRating(
                      Scoring.score(e.userVectors()[u], e.userBias()[u], zero, 0f), lo, hi)
                  - r);
    }
    int n = Math.max(1, v.size());
    boolean hasUser = Features.hasUserFeatures(e);
    boolean hasMovie = e.feature(Features.MOVIE_GENRE).isPresent();
    return new ColdStart(
        hasUser ? Math.sqrt(su / n) : Double.NaN,
        Math.sqrt(suz / n),
        hasMovie ? Math.sqrt(sm / n) : Double.NaN,
        Math.sqrt(smz / n));
  }

  private static double sq(double x) {
    return x * x;
  }

  static Result run(Prepared p, TrainConfig cfg, Device device, TrainingLoop.Listener listener) {
    return run(p, cfg, 1, device, listener);
  }

  /**
   * Trains {@code models} models (seeds seed, seed+1, ...) and concatenates them ({@link
   * Ensemble}); the epoch rows are the last model's.
   */
  public static Result run(
      Prepared p, TrainConfig cfg, int models, Device device, TrainingLoop.Listener listener) {
    return run(p, cfg, models, Baselines.Settings.DEFAULTS, device, listener);
  }

  /**
   * As {@link #run(Prepared, TrainConfig, int, Device, TrainingLoop.Listener)}, with these baseline
   * settings.
   */
  static Result run(
      Prepared p,
      TrainConfig cfg,
      int models,
      Baselines.Settings baselines,
      Device device,
      TrainingLoop.Listener listener) {
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
    return new Result(
        e,
        epochs,
        seconds,
        ev.evaluate(new EmbeddingScorer(e, cfg.yLo(), cfg.yHi())),
        Baselines.evaluate(
            ev,
            p.train(),
            p.users(),
            p.movies(),
            p.dataset().minRating(),
            p.dataset().maxRating(),
            baselines),
        coldStart(p, e, cfg.yLo(), cfg.yHi()));
  }
}
