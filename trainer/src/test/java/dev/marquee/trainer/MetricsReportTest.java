package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.Metrics;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --metrics-json} document of train and evaluate, key by key (scripts read it). */
class MetricsReportTest {
  @TempDir Path tmp;

  static final List<String> METRICS =
      List.of(
          "valid_mse",
          "valid_rmse",
          "valid_mae",
          "recall_at_10",
          "ndcg_at_10",
          "recall_at_20",
          "ndcg_at_20",
          "hit_rate_at_10",
          "coverage_at_10",
          "popularity_percentile_at_10");

  static Metrics model = new Metrics(0.81, 0.9, 0.7, 0.2, 0.3, 0.25, 0.35, 0.8, 0.1, 90, 900);
  static Metrics ranking =
      new Metrics(Double.NaN, Double.NaN, Double.NaN, 0.1, 0.2, 0.15, 0.25, 0.6, 0.02, 99, 900);
  static Baselines.Report baselines =
      new Baselines.Report(model, model, ranking, null, "EASE skipped", 0);

  static List<String> keys(JsonNode n) {
    List<String> k = new ArrayList<>();
    n.fieldNames().forEachRemaining(k::add);
    return k;
  }

  static JsonNode written(MetricsReport r, Path file) throws Exception {
    r.write(file);
    return new ObjectMapper().readTree(file.toFile());
  }

  @Test
  void evaluateWritesTheModelAndTheBaselines() throws Exception {
    JsonNode j =
        written(
            MetricsReport.evaluation("abc", "u1", model, baselines), tmp.resolve("sub/eval.json"));
    List<String> want = new ArrayList<>(List.of("model_id", "split"));
    want.addAll(METRICS);
    want.addAll(List.of("baselines", "ranked_users"));
    assertEquals(want, keys(j));
    assertEquals(List.of("global_mean", "biases", "popularity", "ease"), keys(j.get("baselines")));
    assertEquals(METRICS, keys(j.get("baselines").get("popularity")));
    assertEquals(0.9, j.get("valid_rmse").asDouble());
    assertTrue(
        j.get("baselines").get("popularity").get("valid_rmse").isNull(),
        "a ranking-only baseline has no RMSE");
    assertTrue(j.get("baselines").get("ease").isNull(), "skipped");
    assertEquals(900, j.get("ranked_users").asInt());
  }

  @Test
  void trainAddsTheRunAroundTheSameDocument() throws Exception {
    var epochs = List.of(new TrainingLoop.EpochStats(0, 1.2, Double.NaN, 0.81, 2.5));
    var cold = new Training.ColdStart(1.0, 1.1, Double.NaN, 1.3);
    var cfg = TrainConfig.defaults().toTrainingConfig(1, "u1", 0.1);
    var result = new Training.Result(null, epochs, 2.5, model, baselines, cold);
    JsonNode j =
        written(MetricsReport.training("abc", "u1", result, cfg, 4.0), tmp.resolve("train.json"));
    List<String> want = new ArrayList<>(List.of("model_id", "split"));
    want.addAll(METRICS);
    want.addAll(
        List.of(
            "train_loss",
            "train_seconds",
            "total_seconds",
            "epochs",
            "baselines",
            "ranked_users",
            "cold_user_rmse",
            "cold_user_zero_rmse",
            "cold_movie_rmse",
            "cold_movie_zero_rmse",
            "config"));
    assertEquals(want, keys(j));
    assertEquals(
        List.of(
            "epoch", "train_loss", "train_retrieval_loss", "valid_loss", "valid_rmse", "seconds"),
        keys(j.get("epochs").get(0)));
    assertEquals(0.9, j.get("epochs").get(0).get("valid_rmse").asDouble(), 1e-12);
    assertTrue(j.get("epochs").get(0).get("train_retrieval_loss").isNull());
    assertTrue(j.get("cold_movie_rmse").isNull());
    assertEquals(
        List.of(
            "factors",
            "epochs",
            "lr",
            "wd",
            "batch_size",
            "features",
            "implicit",
            "id_dropout",
            "seed",
            "objective",
            "retrieval_weight",
            "temperature"),
        keys(j.get("config")));
    assertEquals("joint", j.get("config").get("objective").asText());
    assertEquals(0.01, j.get("config").get("lr").asDouble(), 1e-9);

    // The manifest's flat metrics: the same names, prefixed, numbers only.
    var flat = MetricsReport.manifestMetrics(result);
    assertEquals(0.9, flat.get("valid_rmse"));
    assertEquals(0.1, flat.get("popularity_recall_at_10"));
    assertEquals(0.9, flat.get("biases_valid_rmse"));
    assertNull(flat.get("popularity_valid_rmse"));
    assertNull(flat.get("cold_movie_rmse"));
    assertEquals(1.0, flat.get("cold_user_rmse"));
  }

  @Test
  void aRunWithoutValidationHasOnlyTheTrainingPart() throws Exception {
    var epochs = List.of(new TrainingLoop.EpochStats(0, 1.2, 3.4, Double.NaN, 2.5));
    var result = new Training.Result(null, epochs, 2.5, null, null, null);
    var cfg = TrainConfig.defaults().toTrainingConfig(1, "none", 0);
    JsonNode j =
        written(MetricsReport.training("abc", "none", result, cfg, 4.0), tmp.resolve("none.json"));
    assertEquals(
        List.of(
            "model_id",
            "split",
            "train_loss",
            "train_seconds",
            "total_seconds",
            "epochs",
            "config"),
        keys(j));
    assertEquals(
        List.of("train_loss", "train_seconds"),
        List.copyOf(MetricsReport.manifestMetrics(result).keySet()));
  }
}
