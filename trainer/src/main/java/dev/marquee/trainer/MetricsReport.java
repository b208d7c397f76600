package dev.marquee.trainer;

import dev.marquee.core.TrainingConfig;
import dev.marquee.core.cli.Json;
import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.Metrics;
import dev.marquee.trainer.model.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code trainer train} and {@code trainer evaluate} report: the one place that names the
 * metrics, both in the {@code --metrics-json} document and in the manifest's flat {@code metrics}.
 *
 * <p>The document, in this order: {@code model_id}, {@code split}, the model's {@link
 * Metrics#toJson} entries, then for a training run {@code train_loss}, {@code train_seconds},
 * {@code total_seconds} and {@code epochs} (one object per epoch), then {@code baselines} ({@code
 * global_mean}, {@code biases}, {@code popularity}, {@code ease}: each a {@link Metrics#toJson}
 * object, {@code ease} null when skipped) and {@code ranked_users}, then for a training run the
 * cold-start RMSEs ({@code cold_user_rmse}, ...) and {@code config}. Metrics that do not apply are
 * null. A training run without a validation set has no model metrics, baselines, ranked users or
 * cold-start RMSEs.
 *
 * @param modelId the artifact's model id
 * @param split the split's name
 * @param model the model's metrics; null without a validation set
 * @param baselines the baselines on the same split; null without a validation set
 * @param run what only a training run adds; null for an evaluation
 */
record MetricsReport(
    String modelId, String split, Metrics model, Baselines.Report baselines, Run run) {

  /**
   * The training side of the report.
   *
   * @param epochs per-epoch losses and times
   * @param trainSeconds time spent training
   * @param totalSeconds the whole command
   * @param coldStart the features-only RMSEs; null without a validation set
   * @param config the settings, as stored in the manifest
   */
  record Run(
      List<TrainingLoop.EpochStats> epochs,
      double trainSeconds,
      double totalSeconds,
      Training.ColdStart coldStart,
      TrainingConfig config) {}

  /** The report of {@code trainer evaluate}. */
  static MetricsReport evaluation(
      String modelId, String split, Metrics model, Baselines.Report baselines) {
    return new MetricsReport(modelId, split, model, baselines, null);
  }

  /** The report of {@code trainer train}. */
  static MetricsReport training(
      String modelId, String split, Training.Result r, TrainingConfig config, double totalSeconds) {
    return new MetricsReport(
        modelId,
        split,
        r.model(),
        r.baselines(),
        new Run(r.epochs(), r.trainSeconds(), totalSeconds, r.coldStart(), config));
  }

  /**
   * The manifest's metrics of a training run: the same names flattened ({@code valid_rmse}, {@code
   * popularity_recall_at_10}, {@code cold_user_rmse}, ...), only the numbers that exist (the model
   * id and total time are not known yet when the manifest is written).
   */
  static Map<String, Double> manifestMetrics(Training.Result r) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train_loss", r.epochs().getLast().trainLoss());
    m.put("train_seconds", r.trainSeconds());
    if (r.model() != null) {
      m.putAll(r.model().toDefinedMap(""));
      m.putAll(r.biases().toDefinedMap("biases_"));
      m.putAll(r.globalMean().toDefinedMap("global_mean_"));
      m.putAll(r.baselines().popularity().toDefinedMap("popularity_"));
      if (r.baselines().ease() != null) {
        m.putAll(r.baselines().ease().toDefinedMap("ease_"));
      }
      r.coldStart()
          .toMap()
          .forEach(
              (k, v) -> {
                if (!Double.isNaN(v)) {
                  m.put(k, v);
                }
              });
    }
    return m;
  }

  /** The {@code --metrics-json} document (see the class comment). */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_id", modelId);
    m.put("split", split);
    if (model != null) {
      m.putAll(model.toJson(""));
    }
    if (run != null) {
      m.put("train_loss", run.epochs().getLast().trainLoss());
      m.put("train_seconds", run.trainSeconds());
      m.put("total_seconds", run.totalSeconds());
      m.put("epochs", run.epochs().stream().map(MetricsReport::epoch).toList());
    }
    if (model != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("global_mean", baselines.globalMean().toJson(""));
      b.put("biases", baselines.biases().toJson(""));
      b.put("popularity", baselines.popularity().toJson(""));
      b.put("ease", baselines.ease() == null ? null : baselines.ease().toJson(""));
      m.put("baselines", b);
      m.put("ranked_users", model.rankedUsers());
      if (run != null) {
        run.coldStart().toMap().forEach((k, v) -> m.put(k, orNull(v)));
      }
    }
    if (run != null) {
      m.put("config", config(run.config()));
    }
    return m;
  }

  /** Writes {@link #toJson} to {@code file}, creating its folder. */
  void write(Path file) throws IOException {
    Json.write(file, toJson());
  }

  private static Map<String, Object> epoch(TrainingLoop.EpochStats e) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("epoch", e.epoch());
    row.put("train_loss", e.trainLoss());
    row.put("train_retrieval_loss", orNull(e.trainRetrievalLoss()));
    row.put("valid_loss", orNull(e.validLoss()));
    row.put("valid_rmse", Double.isNaN(e.validLoss()) ? null : e.validRmse());
    row.put("seconds", e.seconds());
    return row;
  }

  /** The settings a reader of the metrics compares runs by (the manifest holds all of them). */
  private static Map<String, Object> config(TrainingConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("factors", c.factors());
    m.put("epochs", c.epochs());
    m.put("lr", c.lr());
    m.put("wd", c.wd());
    m.put("batch_size", c.batchSize());
    m.put("features", c.features());
    m.put("implicit", c.implicit());
    m.put("id_dropout", c.idDropout());
    m.put("seed", c.seed());
    m.put("objective", c.objective());
    m.put("retrieval_weight", c.retrievalWeight());
    m.put("temperature", c.temperature());
    return m;
  }

  /** JSON has no NaN. */
  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
