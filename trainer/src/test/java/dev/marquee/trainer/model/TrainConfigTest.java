package dev.marquee.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The new settings' validation, enums and the copies' keeping them. */
class TrainConfigTest {
  private static TrainConfig with(
      float retrievalWeight, float temperature, int negatives, int historyCap) {
    TrainConfig d = TrainConfig.defaults();
    return new TrainConfig(
        d.factors(),
        d.epochs(),
        d.lr(),
        d.wd(),
        d.batchSize(),
        d.yLo(),
        d.yHi(),
        d.features(),
        d.implicit(),
        d.idDropout(),
        d.movieIdDropout(),
        d.seed(),
        d.objective(),
        retrievalWeight,
        temperature,
        d.positiveMin(),
        d.softmax(),
        negatives,
        historyCap);
  }

  private static void rejects(
      String message, float retrievalWeight, float temperature, int negatives, int historyCap) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> with(retrievalWeight, temperature, negatives, historyCap));
    assertEquals(message, e.getMessage());
  }

  @Test
  void rejectsBadRetrievalSettings() {
    rejects("temperature must be > 0; temperature=0.0", 1f, 0f, 10, 10);
    rejects("temperature must be > 0; temperature=-0.5", 1f, -0.5f, 10, 10);
    rejects("temperature must be > 0; temperature=NaN", 1f, Float.NaN, 10, 10);
    rejects("temperature must be > 0; temperature=Infinity", 1f, Float.POSITIVE_INFINITY, 10, 10);
    rejects("retrieval weight must be > 0; retrieval-weight=0.0", 0f, 1f, 10, 10);
    rejects("retrieval weight must be > 0; retrieval-weight=NaN", Float.NaN, 1f, 10, 10);
    rejects("negatives must be >= 1; negatives=0", 1f, 1f, 0, 10);
    rejects("history cap must be >= 1; history-cap=0", 1f, 1f, 10, 0);
    rejects("history cap must be >= 1; history-cap=-3", 1f, 1f, 10, -3);
    TrainConfig ok = with(0.001f, 0.05f, 1, 1);
    assertEquals(0.05f, ok.temperature());
    assertEquals(1, ok.historyCap());
  }

  @Test
  void defaultsAndCopiesKeepTheRetrievalSettings() {
    TrainConfig d = TrainConfig.defaults();
    assertEquals(Objective.JOINT, d.objective());
    assertEquals(Softmax.AUTO, d.softmax());
    TrainConfig c = with(0.3f, 0.2f, 77, 55).withEpochs(2).withSeed(9).withBatchSize(64);
    assertEquals(0.3f, c.retrievalWeight());
    assertEquals(0.2f, c.temperature());
    assertEquals(77, c.negatives());
    assertEquals(55, c.historyCap());
    TrainConfig r = c.withObjective(Objective.RETRIEVAL, 2f);
    assertEquals(Objective.RETRIEVAL, r.objective());
    assertEquals(2f, r.retrievalWeight());
    assertEquals(55, r.historyCap());
    assertThrows(IllegalArgumentException.class, () -> c.withObjective(Objective.JOINT, 0f));
  }

  @Test
  void objectivesAndSoftmaxChoices() {
    assertTrue(Objective.RATING.rating());
    assertFalse(Objective.RATING.retrieval());
    assertFalse(Objective.RETRIEVAL.rating());
    assertTrue(Objective.RETRIEVAL.retrieval());
    assertTrue(Objective.JOINT.rating() && Objective.JOINT.retrieval());
    assertEquals("joint", Objective.JOINT.label());
    assertTrue(Softmax.AUTO.full(Softmax.FULL_MAX_MOVIES));
    assertFalse(Softmax.AUTO.full(Softmax.FULL_MAX_MOVIES + 1));
    assertTrue(Softmax.FULL.full(10 * Softmax.FULL_MAX_MOVIES));
    assertFalse(Softmax.SAMPLED.full(1));
    assertEquals("sampled", Softmax.SAMPLED.label());
  }
}
