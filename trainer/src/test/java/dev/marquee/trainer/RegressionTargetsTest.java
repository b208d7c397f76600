package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.MultipleFailuresError;

/**
 * Reading the regression targets: the real file parses, and a malformed one names the file, line
 * and key.
 */
class RegressionTargetsTest {
  static final Set<String> METRICS = Ml100kRegressionTest.METRICS;

  static RegressionTargets read(String yaml) {
    return RegressionTargets.read(
        "t.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), METRICS);
  }

  static String error(String yaml) {
    return assertThrows(IllegalStateException.class, () -> read(yaml)).getMessage();
  }

  static final String RUN =
      """
      runs:
        - name: a
          split: u1
          seed: 42
          above_popularity: [recall_at_10]
          metrics:
            valid_rmse: {expected: 0.90, tolerance: 0.004, max: 0.91}
      """;

  @Test
  void theMl100kTargetsLoad() {
    RegressionTargets t = RegressionTargets.load(Ml100kRegressionTest.TARGETS, METRICS);
    assertEquals(8, t.runs().size());
    var u1 = t.runs().stream().filter(r -> r.name().equals("u1")).findFirst().orElseThrow();
    assertEquals(0.21, u1.metrics().get("recall_at_10").min());
    assertEquals(0.910, u1.metrics().get("valid_rmse").max());
    assertEquals(2, t.means().size());
  }

  @Test
  void aTargetChecksTheBarAndTheTolerance() throws Throwable {
    var target = read(RUN).runs().getFirst().metrics().get("valid_rmse");
    for (var c : target.checks("k", 0.903)) {
      c.execute();
    }
    var tooFar =
        assertThrows(MultipleFailuresError.class, () -> assertAll(target.checks("k", 0.895)));
    assertTrue(
        tooFar.getMessage().contains("k: 0.8950, expected 0.9 ± 0.004"), tooFar.getMessage());
    var overBar =
        assertThrows(MultipleFailuresError.class, () -> assertAll(target.checks("k", 0.912)));
    assertTrue(
        overBar.getMessage().contains("k: 0.9120 is above the bar 0.91"), overBar.getMessage());
  }

  @Test
  void malformedFilesNameTheFileLineAndKey() {
    assertEquals(
        "t.yaml:7: runs[0].metrics.valid_rmse: expected is missing",
        error(RUN.replace("expected: 0.90, ", "")));
    String typo = error(RUN.replace("max:", "mx:"));
    assertTrue(
        typo.startsWith("t.yaml:7: runs[0].metrics.valid_rmse.mx: Unrecognized field \"mx\""),
        typo);
    String noSeed = error(RUN.replace("    seed: 42\n", ""));
    assertTrue(noSeed.matches("t\\.yaml:\\d+: runs\\[0\\]: seed is missing"), noSeed);
    assertEquals(
        "t.yaml: runs[a].metrics: unknown metric valid_rmze (known: coverage_at_10, hit_rate_at_10, "
            + "ndcg_at_10, ndcg_at_20, popularity_percentile_at_10, recall_at_10, recall_at_20, valid_mae, valid_mse, "
            + "valid_rmse)",
        error(RUN.replace("valid_rmse", "valid_rmze")));
    String mean =
        "means:\n  - name: m\n    runs: [a, b]\n"
            + "    metrics: {valid_rmse: {expected: 0.9, tolerance: 0.01}}\n";
    assertEquals("t.yaml: means[m].runs: no run is named b (runs: [a])", error(RUN + mean));
    assertTrue(error("means: []\n").endsWith("runs is missing"), error("means: []\n"));
    assertEquals("t.yaml:1: No content to map due to end-of-input", error(""));
    assertEquals("t.yaml: empty", error("~\n"));
    assertEquals(
        "nope.yaml: not found on the test classpath",
        assertThrows(
                IllegalStateException.class, () -> RegressionTargets.load("nope.yaml", METRICS))
            .getMessage());
  }
}
