package dev.marquee.trainer;

import static dev.marquee.core.testing.Directories.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.TrainingConfig;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.events.EventLog;
import dev.marquee.core.events.RatingEvent;
import dev.marquee.core.testing.CliRun;
import dev.marquee.data.Dataset;
import dev.marquee.data.MovieLensReader;
import dev.marquee.data.ReadOptions;
import dev.marquee.data.SyntheticDataset;
import dev.marquee.data.testing.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end on a small synthetic dataset: exit codes, messages, outputs, determinism. */
class CliTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void dataset() throws Exception {
    data = SyntheticDataset.write(tmp.resolve("synth"), Datasets.small(7));
  }

  static CliRun run(String... args) {
    return CliRun.of(new TrainerCli(), args);
  }

  @Test
  void noSubcommandIsAUsageError() {
    CliRun r = run();
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("Missing required subcommand"), r.err());
    assertTrue(r.err().contains("Usage: trainer"), r.err());
  }

  @Test
  void negativeEpochsIsAUsageError() {
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--epochs",
            "-1");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--epochs must be >= 1; --epochs=-1"), r.err());
  }

  @Test
  void yRangeLowMustBeBelowHigh() {
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--y-range",
            "5,1");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--y-range low must be below high; --y-range=5,1"), r.err());
    CliRun r2 =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--y-range",
            "abc");
    assertEquals(2, r2.code());
    assertTrue(r2.err().contains("--y-range must be LO,HI"), r2.err());
  }

  @Test
  void unknownSplitIsAUsageError() {
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--split",
            "bogus");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown split 'bogus'"), r.err());
  }

  @Test
  void unknownFeaturesIsAUsageError() {
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--features",
            "zip");
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains("--features must be none, movie, user or all; --features=zip"), r.err());
  }

  @Test
  void gpuWithoutAGpuAndZeroThreadsAreUsageErrors() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0, "a GPU is present");
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--device",
            "gpu");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--device gpu: DJL finds no GPU"), r.err());
    CliRun t =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--threads",
            "0");
    assertEquals(2, t.code());
    assertTrue(t.err().contains("--threads must be auto or a number >= 1; --threads=0"), t.err());
  }

  @Test
  void badObjectiveFlagsAreUsageErrors() {
    String[][] cases = {
      {
        "--objective",
        "bogus",
        "--objective must be one of rating, retrieval, joint; --objective=bogus"
      },
      {"--softmax", "x", "--softmax must be one of auto, full, sampled; --softmax=x"},
      {"--retrieval-weight", "0", "--retrieval-weight must be > 0; --retrieval-weight=0.0"},
      {"--retrieval-weight", "-1", "--retrieval-weight must be > 0; --retrieval-weight=-1.0"},
      {"--temperature", "0", "--temperature must be > 0; --temperature=0.0"},
      {"--temperature", "Infinity", "--temperature must be > 0; --temperature=Infinity"},
      {"--negatives", "0", "--negatives must be >= 1; --negatives=0"},
      {"--history-cap", "0", "--history-cap must be >= 1; --history-cap=0"},
    };
    for (String[] c : cases) {
      CliRun r =
          run("train", "--data", data.toString(), "--out", tmp.resolve("m").toString(), c[0], c[1]);
      assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
      assertTrue(r.err().contains(c[2]), r.err());
    }
    assertTrue(!Files.exists(tmp.resolve("m")), "no model written");
    // lr-find shares the model flags.
    CliRun l =
        run(
            "lr-find",
            "--data",
            data.toString(),
            "--plot",
            tmp.resolve("lr-bad.png").toString(),
            "--softmax",
            "x");
    assertEquals(2, l.code(), l.err());
    assertTrue(
        l.err().contains("--softmax must be one of auto, full, sampled; --softmax=x"), l.err());
  }

  @Test
  void objectiveFlagsReachTheModel() throws Exception {
    Path model = tmp.resolve("sampled");
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--epochs",
            "1",
            "--batch-size",
            "256",
            "--objective",
            "Retrieval",
            "--softmax",
            "sampled",
            "--negatives",
            "40",
            "--history-cap",
            "5",
            "--temperature",
            "0.5",
            "--retrieval-weight",
            "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .contains(
                "objective retrieval (weight 2.0, temperature 0.5, positives rated >= 4.0, sampled softmax, 40 negatives)"),
        r.out());
    var h = ModelArtifacts.readManifest(model).hyperparameters();
    assertEquals("retrieval", h.objective());
    assertEquals("sampled", h.softmax());
    assertEquals(40, h.negatives());
    assertEquals(5, h.historyCap());
    assertEquals(0.5f, h.temperature());
    assertEquals(2f, h.retrievalWeight());
    assertEquals(256, h.batchSize());
    assertEquals(new TrainingConfig.Range(0f, 5.5f), h.yRange());
    assertEquals("random", h.split());
    assertEquals(42, h.seed());
  }

  @Test
  void retrainingReplacesTheModelWholeAndRemovesWhatAKilledRunLeft() throws Exception {
    Path model = tmp.resolve("retrain");
    String[] args = {
      "train",
      "--data",
      data.toString(),
      "--out",
      model.toString(),
      "--epochs",
      "1",
      "--batch-size",
      "256"
    };
    CliRun first = run(args);
    assertEquals(0, first.code(), first.err());
    String firstId = ModelArtifacts.readManifest(model).modelId();
    // A run killed while writing the model: its temp directory and its (no longer held) lock file.
    Path killed = Files.createDirectory(tmp.resolve(".retrain.tmp-d1e5"));
    Files.writeString(killed.resolve(ModelArtifacts.EMBEDDINGS), "half");
    Files.createFile(tmp.resolve(".retrain.tmp-d1e5.lock"));
    CliRun second = run(concat(args, "--seed", "43"));
    assertEquals(0, second.code(), second.err());
    assertEquals(
        List.of(".retrain.lock"),
        names(tmp).stream().filter(n -> n.startsWith(".retrain.")).toList());
    // The plot is published with the model, not written into it afterwards.
    assertTrue(Files.size(model.resolve("history.png")) > 1000);
    assertNotEquals(firstId, ModelArtifacts.read(model).modelId());
  }

  @Test
  void missingDataDirIsADataError() {
    Path missing = tmp.resolve("nope");
    CliRun r = run("train", "--data", missing.toString(), "--out", tmp.resolve("m").toString());
    assertEquals(ExitCode.DATA.code(), r.code());
    assertEquals(
        "error: --data "
            + missing
            + ": "
            + missing
            + ": no such directory"
            + System.lineSeparator(),
        r.err());
  }

  @Test
  void missingModelIsAModelError() {
    CliRun r =
        run("evaluate", "--model", tmp.resolve("no-model").toString(), "--data", data.toString());
    assertEquals(ExitCode.MODEL.code(), r.code());
    assertTrue(r.err().startsWith("error: --model " + tmp.resolve("no-model") + ": "), r.err());
    assertTrue(r.err().contains("does not exist"), r.err());
    String help = run("evaluate", "--help").out();
    assertTrue(
        help.contains("\n   4   " + ExitCode.MODEL.meaning() + "\n"),
        "evaluate lists the model code:\n" + help);
  }

  @Test
  void trainWritesArtifactPlotAndMetricsThenEvaluateAgrees() throws Exception {
    Path model = tmp.resolve("model"),
        json = tmp.resolve("metrics.json"),
        evalJson = tmp.resolve("eval.json");
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--epochs",
            "3",
            "--batch-size",
            "256",
            "--metrics-json",
            json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("epoch  train_loss  valid_loss  valid_rmse  time"), r.out());
    assertTrue(r.out().contains("global mean"), r.out());
    assertTrue(
        r.out().contains("most popular")
            && r.out().contains("EASE  ")
            && r.out().contains("EASE lambda 500 fitted in"),
        r.out());
    assertTrue(Files.size(model.resolve("history.png")) > 1000);
    JsonNode m = new ObjectMapper().readTree(json.toFile());
    for (String k :
        new String[] {
          "valid_mse",
          "valid_rmse",
          "valid_mae",
          "train_loss",
          "train_seconds",
          "recall_at_10",
          "ndcg_at_10",
          "recall_at_20",
          "ndcg_at_20",
          "hit_rate_at_10",
          "coverage_at_10",
          "popularity_percentile_at_10"
        }) {
      assertTrue(m.get(k).isNumber(), k);
    }
    assertEquals(3, m.get("epochs").size());
    assertTrue(m.get("baselines").get("biases").get("valid_rmse").isNumber());
    assertTrue(m.get("baselines").get("global_mean").get("recall_at_10").isNumber());
    for (String b : new String[] {"popularity", "ease"}) {
      JsonNode bm = m.get("baselines").get(b);
      assertTrue(bm.get("valid_rmse").isNull(), b + " predicts no ratings: " + bm);
      assertTrue(
          bm.get("ndcg_at_20").isNumber() && bm.get("hit_rate_at_10").isNumber(), b + ": " + bm);
    }
    var metrics = ModelArtifacts.readManifest(model).metrics();
    assertTrue(
        metrics.containsKey("ease_recall_at_10") && metrics.containsKey("popularity_ndcg_at_10"),
        metrics.toString());
    assertTrue(
        !metrics.containsKey("ease_valid_rmse") && !metrics.containsKey("popularity_valid_mse"),
        metrics.toString());
    assertEquals(m.get("model_id").asText(), ModelArtifacts.readManifest(model).modelId());

    CliRun e =
        run(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--metrics-json",
            evalJson.toString());
    assertEquals(0, e.code(), e.err());
    JsonNode em = new ObjectMapper().readTree(evalJson.toFile());
    // Float vectors summed in another order (the artifact's reader, SIMD dot products): equal to
    // float precision.
    assertEquals(m.get("valid_rmse").asDouble(), em.get("valid_rmse").asDouble(), 1e-6);
    assertEquals(m.get("recall_at_10").asDouble(), em.get("recall_at_10").asDouble(), 1e-9);
    assertEquals(
        m.get("baselines").get("ease").get("ndcg_at_10").asDouble(),
        em.get("baselines").get("ease").get("ndcg_at_10").asDouble(),
        1e-9);
    assertEquals(
        m.get("baselines").get("popularity").get("recall_at_20").asDouble(),
        em.get("baselines").get("popularity").get("recall_at_20").asDouble(),
        1e-9);

    CliRun skip =
        run(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--ease-max-movies",
            "0",
            "--metrics-json",
            evalJson.toString());
    assertEquals(0, skip.code(), skip.err());
    assertTrue(
        skip.out().contains("EASE skipped: 150 movies is above the limit of 0 (--ease-max-movies)"),
        skip.out());
    assertTrue(
        new ObjectMapper().readTree(evalJson.toFile()).get("baselines").get("ease").isNull());
  }

  @Test
  void badEaseFlagsAreUsageErrors() {
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--ease-lambda",
            "0");
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains("--ease-lambda must be a positive number; --ease-lambda=0.0"), r.err());
    CliRun e =
        run(
            "evaluate",
            "--model",
            tmp.resolve("m").toString(),
            "--data",
            data.toString(),
            "--ease-max-movies",
            "-1");
    assertEquals(2, e.code());
    assertTrue(
        e.err().contains("--ease-max-movies must be in [0, 46340]; --ease-max-movies=-1"), e.err());
  }

  @Test
  void sameSeedSameModelId() throws Exception {
    String[] common = {"train", "--data", data.toString(), "--epochs", "2", "--batch-size", "256"};
    CliRun a = run(concat(common, "--out", tmp.resolve("a").toString()));
    CliRun b = run(concat(common, "--out", tmp.resolve("b").toString()));
    CliRun c = run(concat(common, "--out", tmp.resolve("c").toString(), "--seed", "43"));
    assertEquals(0, a.code() + b.code() + c.code(), a.err() + b.err() + c.err());
    String ida = ModelArtifacts.readManifest(tmp.resolve("a")).modelId();
    assertEquals(ida, ModelArtifacts.readManifest(tmp.resolve("b")).modelId());
    assertNotEquals(ida, ModelArtifacts.readManifest(tmp.resolve("c")).modelId());
  }

  @Test
  void eventsAreTrainedOnAndTheLastSeqIsRecorded() throws Exception {
    Dataset d = MovieLensReader.read(data, ReadOptions.strict());
    int rated = d.ratings().movie()[0]; // a movie some user rated in the dataset
    long ratedBy = d.userIds().id(d.ratings().user()[0]);
    long ratedId = d.movieIds().id(rated);
    float newRating = d.ratings().value()[0] == 1f ? 2f : 1f;
    Path events = tmp.resolve("events");
    try (EventLog log =
        EventLog.open(events, EventLog.Options.defaults(), new EventLog.Listener() {})) {
      log.append("a", ratedBy, List.of(new RatingEvent.MovieRating(ratedId, 5f)));
      log.append("b", ratedBy, List.of(new RatingEvent.MovieRating(ratedId, newRating)));
      log.append(
          "c",
          999_999,
          List.of(
              new RatingEvent.MovieRating(d.movieIds().id(1), 4f),
              new RatingEvent.MovieRating(d.movieIds().id(2), 2f),
              new RatingEvent.MovieRating(123_456_789, 3f)));
    }
    Path model = tmp.resolve("with-events");
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--epochs",
            "1",
            "--valid-pct",
            "0",
            "--events",
            events.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .contains(
                "3 events up to seq 3: 2 ratings added, 1 replaced, 1 new users, 1 ratings of unknown movies skipped"),
        r.out());
    var a = ModelArtifacts.read(model);
    assertEquals(3, a.manifest().eventsSeq());
    assertEquals(d.ratings().size() + 2, a.manifest().ratings());
    long[] users = a.embeddings().userIds();
    assertEquals(999_999, users[users.length - 1]);
    int ui = java.util.Arrays.binarySearch(users, ratedBy);
    assertEquals(newRating, a.ratings().rating(ui, rated), "the later event's rating wins");
  }

  @Test
  void validPctZeroTrainsOnEveryRating() throws Exception {
    Path model = tmp.resolve("all");
    CliRun r =
        run(
            "train",
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--epochs",
            "1",
            "--valid-pct",
            "0");
    assertEquals(0, r.code(), r.err());
    var manifest = ModelArtifacts.readManifest(model);
    assertEquals("none", manifest.split());
    assertEquals(Datasets.small(7).ratings(), manifest.ratings());
    CliRun e = run("evaluate", "--model", model.toString(), "--data", data.toString());
    assertEquals(2, e.code());
    assertTrue(e.err().contains("trained on every rating"), e.err());
  }

  @Test
  void lrFindWritesAPlotAndSuggestsARate() throws Exception {
    Path png = tmp.resolve("lr.png");
    CliRun r =
        run("lr-find", "--data", data.toString(), "--plot", png.toString(), "--batch-size", "128");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("suggested lr:"), r.out());
    assertTrue(Files.size(png) > 1000);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
