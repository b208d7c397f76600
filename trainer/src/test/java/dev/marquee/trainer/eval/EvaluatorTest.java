package dev.marquee.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.marquee.trainer.model.Interactions;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Hand-checkable ranking and rating metrics. */
class EvaluatorTest {
  @Test
  void topKBreaksTiesByLowestIndexAndSkipsSeen() {
    float[] s = {1, 3, 3, 2, 5, 3};
    BitSet seen = new BitSet();
    seen.set(4);
    assertArrayEquals(new int[] {1, 2, 5}, Evaluator.topK(s, seen, 3));
    assertArrayEquals(new int[] {4, 1, 2, 5, 3, 0}, Evaluator.topK(s, null, 10));
  }

  @Test
  void metricsOnATinyCase() {
    // 1 user, 12 movies; trained on movie 0; valid: movie 1 (5 stars, relevant), movie 2 (2 stars).
    Interactions train = new Interactions(new int[] {0}, new int[] {0}, new float[] {4});
    Interactions valid = new Interactions(new int[] {0, 0}, new int[] {1, 2}, new float[] {5, 2});
    Scorer s = new Scorer() {
      @Override
      public float predict(int u, int m) {
        return 4;
      }

      @Override
      public void rank(int u, float[] out) {
        for (int m = 0; m < out.length; m++) {
          out[m] = m == 1 ? 0.5f : 1f; // movie 1 ranks after all 10 others but movie 0 (seen)
        }
      }
    };
    Metrics m = new Evaluator(train, valid, 1, 12).evaluate(s);
    assertEquals((1 + 4) / 2.0, m.mse(), 1e-12);
    assertEquals((1 + 2) / 2.0, m.mae(), 1e-12);
    assertEquals(1, m.rankedUsers());
    assertEquals(0.0, m.recallAt10(), 1e-12); // movie 1 is 11th of 11 candidates
    assertEquals(10 / 12.0, m.coverageAt10(), 1e-12);
  }
}
