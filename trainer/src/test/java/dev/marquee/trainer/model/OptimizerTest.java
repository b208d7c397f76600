package dev.marquee.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused-op Adam against fastai's update written out by hand, and the one-cycle schedule. */
class OptimizerTest {
  @Test
  void fusedAdamMatchesFastaiFormula() {
    float[] p0 = {0.5f, -1.0f, 2.0f};
    float[] c = {0.3f, -0.7f, 1.1f};
    float wd = 0.1f;
    float[] lrs = {0.01f, 0.02f, 0.005f, 0.03f};
    float[] moms = {0.95f, 0.9f, 0.85f, 0.93f};
    double[] p = {p0[0], p0[1], p0[2]}, avg = new double[3], sqr = new double[3];
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(p0);
      w.setRequiresGradient(true);
      FastAiAdam opt = new FastAiAdam(m, List.of(w), wd);
      for (int step = 1; step <= lrs.length; step++) {
        try (NDManager sm = m.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          // loss = sum(c * p^2): grad = 2 c p
          NDArray loss = sm.create(c).mul(w.square()).sum();
          gc.backward(loss);
        }
        opt.step(lrs[step - 1], moms[step - 1]);
        double lr = lrs[step - 1], mom = moms[step - 1];
        for (int i = 0; i < 3; i++) {
          double g = 2 * c[i] * p[i];
          p[i] *= 1 - lr * wd;
          avg[i] = mom * avg[i] + (1 - mom) * g;
          sqr[i] = 0.99 * sqr[i] + 0.01 * g * g;
          double d1 = 1 - Math.pow(mom, step), d2 = 1 - Math.pow(0.99, step);
          p[i] -= lr / d1 * avg[i] / (Math.sqrt(sqr[i] / d2) + 1e-5);
        }
        float[] got = w.toFloatArray();
        for (int i = 0; i < 3; i++) {
          assertEquals(p[i], got[i], 1e-5, "step " + step + " element " + i);
        }
      }
    }
  }

  @Test
  void aLazyTableUpdatesTheRowsItsStepReadAndDecaysEveryRow() {
    // Four rows of two; each step reads some of them (row 3 never). The reference is fastai's
    // update on the rows read and the decay alone on the others, whose moments stand still.
    float[] p0 = {0.5f, -1.0f, 2.0f, 0.7f, -0.3f, 1.5f, 0.9f, -0.8f};
    float[] c = {0.3f, -0.7f, 1.1f, 0.4f, 0.6f, -0.2f, 0.8f, 0.5f};
    int[][] read = {{0, 2}, {2}, {1, 0, 1}, {2, 0}, {1}};
    float wd = 0.5f;
    float[] lrs = {0.01f, 0.02f, 0.005f, 0.03f, 0.02f};
    float[] moms = {0.95f, 0.9f, 0.85f, 0.93f, 0.9f};
    double[] p = new double[8], avg = new double[8], sqr = new double[8];
    for (int i = 0; i < 8; i++) {
      p[i] = p0[i];
    }
    try (NDManager m = NDManager.newBaseManager()) {
      ParamTable t = new ParamTable(m.create(p0, new Shape(4, 2)), true);
      FastAiAdam opt = new FastAiAdam(m, List.of(), List.of(t), wd, 0.99f, 1e-5f);
      for (int step = 1; step <= lrs.length; step++) {
        int[] rows = read[step - 1];
        try (NDManager sm = m.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          t.reset();
          t.touch(rows);
          t.open(sm);
          // loss = sum over the rows read (a repeated row counts twice) of c * p^2
          float[] cr = new float[2 * rows.length];
          for (int k = 0; k < rows.length; k++) {
            cr[2 * k] = c[2 * rows[k]];
            cr[2 * k + 1] = c[2 * rows[k] + 1];
          }
          NDArray loss =
              sm.create(cr, new Shape(rows.length, 2)).mul(t.rows(sm, rows).square()).sum();
          gc.backward(loss);
          opt.step(lrs[step - 1], moms[step - 1]);
        }
        double lr = lrs[step - 1], mom = moms[step - 1];
        double d1 = 1 - Math.pow(mom, step), d2 = 1 - Math.pow(0.99, step);
        double[] g = new double[8];
        boolean[] isRead = new boolean[8];
        for (int r : rows) {
          for (int j = 2 * r; j < 2 * r + 2; j++) {
            g[j] += 2 * c[j] * p[j];
            isRead[j] = true;
          }
        }
        for (int i = 0; i < 8; i++) {
          p[i] *= 1 - lr * wd;
          if (isRead[i]) {
            avg[i] = mom * avg[i] + (1 - mom) * g[i];
            sqr[i] = 0.99 * sqr[i] + 0.01 * g[i] * g[i];
            p[i] -= lr / d1 * avg[i] / (Math.sqrt(sqr[i] / d2) + 1e-5);
          }
        }
        float[] got;
        try (NDManager sm = m.newSubManager()) {
          // the stored rows times the scale, not yet folded
          got = t.rows(sm, new int[] {0, 1, 2, 3}).toFloatArray();
        }
        for (int i = 0; i < 8; i++) {
          assertEquals(p[i], got[i], 1e-5, "step " + step + " element " + i);
        }
      }
      float[] settled = t.toFloatArray();
      for (int i = 0; i < 8; i++) {
        assertEquals(p[i], settled[i], 1e-5, "settled element " + i);
      }
    }
  }

  @Test
  void oneCycleFollowsFastai() {
    OneCycle s = OneCycle.fastai(0.01f, 1000);
    assertEquals(0.01 / 25, s.lr(0), 1e-9);
    assertEquals(0.01, s.lr(250), 1e-6);
    assertEquals(0.01 / 1e5, s.lr(1000), 1e-9);
    assertEquals(0.95, s.momentum(0), 1e-6);
    assertEquals(0.85, s.momentum(250), 1e-6);
    assertEquals(0.95, s.momentum(1000), 1e-6);
    assertEquals((0.01 + 0.01 / 1e5) / 2, s.lr(625), 1e-6);
  }
}
