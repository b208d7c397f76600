package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ai.djl.Device;
import dev.marquee.data.Dataset;
import dev.marquee.data.Splits;
import dev.marquee.data.testing.Datasets;
import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.Ease;
import dev.marquee.trainer.eval.Metrics;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Regression on the real ML-100K (from {@code ${marquee.shared.dir}/data/ml-100k}, never committed)
 * with the default settings, against the targets in {@value #TARGETS}: each run's metrics within
 * their tolerance of the measured value and past the bars, top-N lists above the popularity
 * chart, and the means over several runs. One dynamic test per run, then one per mean.
 */
class Ml100kRegressionTest {
  static final String TARGETS = "regressions/ml-100k.yaml";

  /** EASE is only a printed baseline here; skipping it saves CI time. */
  static final Baselines.Settings NO_EASE = new Baselines.Settings(Ease.LAMBDA, 0);

  /** The metric names the targets may use: those of --metrics-json (any Metrics' keys). */
  static final Set<String> METRICS =
      new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).toMap("").keySet();

  static RegressionTargets targets;
  static Dataset data;

  /** Each run's model metrics and popularity chart's, by run name, for the means. */
  static final Map<String, Map<String, Double>> measured = new HashMap<>();

  @BeforeAll
  static void read() throws Exception {
    targets = RegressionTargets.load(TARGETS, METRICS);
    data = Datasets.ml100k();
  }

  static Training.Result train(String split, long seed) {
    Prepared p = Prepared.of(data, Splits.of(data, split, 0.1, seed));
    Training.Result r =
        Training.run(
            p,
            TrainConfig.defaults().withSeed(seed),
            1,
            NO_EASE,
            Device.cpu(),
            new TrainingLoop.Listener() {});
    Metrics m = r.model(), pop = r.baselines().popularity();
    System.out.printf(
        "ML-100K %s seed %d defaults: rmse %.4f recall@10 %.4f ndcg@10 %.4f (most popular %.4f / %.4f) in %.1f s%n",
        split,
        seed,
        m.rmse(),
        m.recallAt10(),
        m.ndcgAt10(),
        pop.recallAt10(),
        pop.ndcgAt10(),
        r.trainSeconds());
    return r;
  }

  @TestFactory
  Stream<DynamicTest> targets() {
    Stream<DynamicTest> runs =
        targets.runs().stream()
            .map(
                run ->
                    dynamicTest(
                        run.name() + " (split " + run.split() + ", seed " + run.seed() + ")",
                        () -> check(run)));
    Stream<DynamicTest> means =
        targets.means().stream()
            .map(mean -> dynamicTest(mean.name() + " " + mean.runs(), () -> check(mean)));
    return Stream.concat(runs, means);
  }

  static void check(RegressionTargets.Run run) {
    Training.Result r = train(run.split(), run.seed());
    Map<String, Double> m = r.model().toMap(""), pop = r.baselines().popularity().toMap("");
    measured.put(run.name(), m);
    List<Executable> checks = new ArrayList<>();
    run.metrics()
        .forEach(
            (name, target) ->
                checks.addAll(
                    target.checks(TARGETS + " runs[" + run.name() + "]." + name, m.get(name))));
    for (String name : run.abovePopularity()) {
      checks.add(
          () ->
              assertTrue(
                  m.get(name) > pop.get(name),
                  run.name()
                      + ": "
                      + name
                      + " "
                      + m.get(name)
                      + " not above most popular "
                      + pop.get(name)));
    }
    assertAll(run.name(), checks);
  }

  static void check(RegressionTargets.Mean mean) {
    List<Executable> checks = new ArrayList<>();
    mean.metrics()
        .forEach(
            (name, target) -> {
              double sum = 0;
              for (String run : mean.runs()) {
                Map<String, Double> m = measured.get(run);
                assertNotNull(m, mean.name() + ": run " + run + " did not finish");
                sum += m.get(name);
              }
              checks.addAll(
                  target.checks(
                      TARGETS + " means[" + mean.name() + "]." + name, sum / mean.runs().size()));
            });
    assertAll(mean.name(), checks);
  }
}
