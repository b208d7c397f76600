package dev.marquee.trainer.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mini-batch training of {@link TwoTowerModel#loss} (rating MSE, retrieval cross-entropy or both),
 * {@link FastAiAdam} and the {@link OneCycle} schedule. Shuffling and ID dropout draw from one
 * {@link Random} seeded with the config's seed (after the model's initialisation), so one seed
 * gives one result on one thread. Each step's arrays live in a sub-manager closed at the end of the
 * step, which keeps native memory flat.
 */
public final class TrainingLoop {
  private TrainingLoop() {}

  /**
   * One row of the fastai-style table. trainLoss is the rating MSE (the retrieval cross-entropy for
   * a retrieval-only model), trainRetrievalLoss the cross-entropy (NaN without one), validLoss the
   * validation MSE (NaN without a validation set).
   */
  public record EpochStats(
      int epoch, double trainLoss, double trainRetrievalLoss, double validLoss, double seconds) {
    public double validRmse() {
      return Math.sqrt(validLoss);
    }
  }

  /** Progress callbacks; both have no-op defaults. */
  public interface Listener {
    default void onBatch(int epoch, int batch, int batches, double runningLoss) {}

    default void onEpoch(EpochStats stats) {}
  }

  /** Trains {@code model} in place; returns the per-epoch rows. */
  public static List<EpochStats> train(
      TwoTowerModel model,
      TrainConfig cfg,
      Interactions train,
      Interactions valid,
      Listener listener) {
    int n = train.size();
    int bs = Math.min(cfg.batchSize(), Math.max(1, n));
    int batches = (n + bs - 1) / bs;
    OneCycle sched = OneCycle.fastai(cfg.lr(), (long) batches * cfg.epochs());
    FastAiAdam opt = new FastAiAdam(model, FastAiAdam.decayPerStep(cfg.wd(), batches));
    Random rnd = new Random(cfg.seed() * 31 + 7);
    boolean dropUser = cfg.features().user() && cfg.idDropout() > 0;
    boolean dropMovie = cfg.features().movie() && cfg.movieIdDropout() > 0;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    List<EpochStats> out = new ArrayList<>();
    long step = 0;
    for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
      long t0 = System.nanoTime();
      shuffle(order, rnd);
      double lossSum = 0, ceSum = 0;
      for (int bi = 0; bi < batches; bi++) {
        int from = bi * bs, to = Math.min(n, from + bs), b = to - from;
        int[] u = new int[b], m = new int[b];
        float[] r = new float[b];
        for (int i = 0; i < b; i++) {
          int k = order[from + i];
          u[i] = train.user()[k];
          m[i] = train.movie()[k];
          r[i] = train.rating()[k];
        }
        float[] ku = dropUser ? mask(rnd, b, cfg.idDropout()) : null;
        float[] km = dropMovie ? mask(rnd, b, cfg.movieIdDropout()) : null;
        StepLoss loss =
            step(model, opt, u, m, r, ku, km, sched.lr(step), sched.momentum(step), rnd);
        step++;
        lossSum += (double) loss.shown() * b;
        ceSum += (double) loss.crossEntropy() * b;
        listener.onBatch(epoch, bi + 1, batches, lossSum / to);
      }
      double validLoss = valid == null || valid.size() == 0 ? Double.NaN : mse(model, valid);
      EpochStats s =
          new EpochStats(
              epoch,
              lossSum / n,
              cfg.objective().retrieval() ? ceSum / n : Double.NaN,
              validLoss,
              (System.nanoTime() - t0) / 1e9);
      out.add(s);
      listener.onEpoch(s);
    }
    return out;
  }

  /**
   * A step's losses before its update: the optimised total, the rating MSE and the cross-entropy
   * (NaN where unused).
   */
  public record StepLoss(float total, float mse, float crossEntropy) {
    /**
     * The MSE when there is one, else the cross-entropy: what the epoch table's train_loss shows.
     */
    public float shown() {
      return Float.isNaN(mse) ? crossEntropy : mse;
    }
  }

  /** One optimiser step on one batch. */
  public static StepLoss step(
      TwoTowerModel model,
      FastAiAdam opt,
      int[] u,
      int[] m,
      float[] r,
      float[] keepUser,
      float[] keepMovie,
      float lr,
      float beta1,
      Random rnd) {
    StepLoss loss;
    try (NDManager sm = model.manager().newSubManager()) {
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        TwoTowerModel.Losses l = model.loss(sm, u, m, r, keepUser, keepMovie, rnd);
        gc.backward(l.total());
        loss =
            new StepLoss(
                l.total().getFloat(),
                l.mse() == null ? Float.NaN : l.mse().getFloat(),
                l.crossEntropy() == null ? Float.NaN : l.crossEntropy().getFloat());
      }
      opt.step(lr, beta1);
    }
    return loss;
  }

  /** Mean squared error of the model's predictions (no ID dropout). */
  public static double mse(TwoTowerModel model, Interactions data) {
    double sum = 0;
    int chunk = 16384;
    for (int from = 0; from < data.size(); from += chunk) {
      int to = Math.min(data.size(), from + chunk);
      try (NDManager sm = model.manager().newSubManager()) {
        float[] pred =
            model
                .forward(
                    sm,
                    java.util.Arrays.copyOfRange(data.user(), from, to),
                    java.util.Arrays.copyOfRange(data.movie(), from, to))
                .toFloatArray();
        for (int i = 0; i < pred.length; i++) {
          double e = pred[i] - data.rating()[from + i];
          sum += e * e;
        }
      }
    }
    return sum / data.size();
  }

  private static float[] mask(Random rnd, int b, float p) {
    float[] k = new float[b];
    for (int i = 0; i < b; i++) {
      k[i] = rnd.nextFloat() < p ? 0f : 1f;
    }
    return k;
  }

  private static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
