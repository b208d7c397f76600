package dev.marquee.trainer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * fastai's {@code lr_find}: one step per batch at exponentially increasing learning rates (constant
 * beta1 0.9), recording the exponentially smoothed (0.98, debiased) loss, stopping after {@code
 * iterations} steps or once the smoothed loss exceeds 4x the best seen.
 */
public final class LrFinder {
  private LrFinder() {}

  /** The sweep and fastai's two suggestions. */
  public record Result(double[] lrs, double[] losses, double valley, double steepest) {}

  public static Result run(
      TwoTowerModel model,
      TrainConfig cfg,
      Interactions train,
      double startLr,
      double endLr,
      int iterations) {
    int n = train.size(), bs = Math.min(cfg.batchSize(), n);
    // the decay training would use, so the suggested rate suits it
    FastAiAdam opt = new FastAiAdam(model, FastAiAdam.decayPerStep(cfg.wd(), (n + bs - 1) / bs));
    Random rnd = new Random(cfg.seed() * 31 + 7);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    List<double[]> rows = new ArrayList<>();
    double avg = 0, best = Double.POSITIVE_INFINITY;
    int pos = n;
    for (int it = 0; it < iterations; it++) {
      if (pos + bs > n) {
        for (int i = n - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1), t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        pos = 0;
      }
      int[] u = new int[bs], m = new int[bs];
      float[] r = new float[bs];
      for (int i = 0; i < bs; i++) {
        int k = order[pos + i];
        u[i] = train.user()[k];
        m[i] = train.movie()[k];
        r[i] = train.rating()[k];
      }
      pos += bs;
      double lr = startLr * Math.pow(endLr / startLr, (double) it / Math.max(1, iterations - 1));
      float loss =
          TrainingLoop.step(model, opt, u, m, r, null, null, (float) lr, 0.9f, rnd).total();
      avg = 0.98 * avg + 0.02 * loss;
      double smooth = avg / (1 - Math.pow(0.98, it + 1));
      rows.add(new double[] {lr, smooth});
      if (Double.isNaN(smooth) || smooth > 4 * best) {
        break;
      }
      best = Math.min(best, smooth);
    }
    double[] lrs = rows.stream().mapToDouble(x -> x[0]).toArray();
    double[] losses = rows.stream().mapToDouble(x -> x[1]).toArray();
    // fastai drops the first tenth and the last five points before suggesting.
    int from = lrs.length / 10, to = Math.max(from + 1, lrs.length - 5);
    return new Result(lrs, losses, valley(lrs, losses, from, to), steepest(lrs, losses, from, to));
  }

  /**
   * fastai's valley: the longest run of decreasing loss, then a point 1/2 of the way plus 1/6 into
   * it.
   */
  static double valley(double[] lrs, double[] losses, int from, int to) {
    int n = to - from;
    if (n <= 0) {
      return lrs.length == 0 ? Double.NaN : lrs[lrs.length / 2];
    }
    int[] lds = new int[n];
    java.util.Arrays.fill(lds, 1);
    int maxStart = 0, maxEnd = 0;
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (losses[from + i] < losses[from + j] && lds[i] < lds[j] + 1) {
          lds[i] = lds[j] + 1;
        }
        if (lds[maxEnd] < lds[i]) {
          maxEnd = i;
          maxStart = maxEnd - lds[maxEnd];
        }
      }
    }
    double sections = (maxEnd - maxStart) / 3.0;
    int idx = maxStart + (int) sections + (int) (sections / 2);
    return lrs[from + Math.max(0, Math.min(n - 1, idx))];
  }

  /** fastai's steep: where the loss falls fastest against log(lr). */
  static double steepest(double[] lrs, double[] losses, int from, int to) {
    double best = Double.POSITIVE_INFINITY;
    int at = from;
    for (int i = from + 1; i < to; i++) {
      double g = (losses[i] - losses[i - 1]) / (Math.log(lrs[i]) - Math.log(lrs[i - 1]));
      if (g < best) {
        best = g;
        at = i;
      }
    }
    return lrs.length == 0 ? Double.NaN : lrs[at];
  }
}
