package dev.marquee.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * fastai's Adam (eps 1e-5, beta2 0.99, dampened and debiased moments, beta1 from the schedule) with
 * decoupled weight decay {@code p *= 1 - lr*wd}, on DJL's fused native {@code adamUpdate}. DJL's
 * own Adam/AdamW differ (fixed beta1, eps 1e-8, eps outside the debiasing), so the debiasing is
 * folded into the arguments here: the native op computes {@code p -= lrc * m / (sqrt(v) + epsc)},
 * and fastai's {@code p -= lr/(1-b1^t) * m / (sqrt(v/(1-b2^t)) + eps)} is that with {@code lrc =
 * lr*sqrt(1-b2^t)/(1-b1^t)} and {@code epsc = eps*sqrt(1-b2^t)}. The native op also zeroes the
 * gradient.
 *
 * <p>{@linkplain ParamTable Lazy tables} are updated only in the rows their step read: those rows
 * and their moments are gathered, updated by the same op, and written back; the decay of the other
 * rows is carried by the table's scale.
 */
public final class FastAiAdam {
  /**
   * The epoch length {@code --wd} is tuned for: ML-100K's epochs are 79-88 steps. Decoupled decay
   * acts on every row at every step, while a row's gradient comes only from the steps that hold its
   * ratings, so at a fixed per-step decay an epoch of 2,747 steps (ML-25M at batch 8192) shrinks
   * rarely seen rows 31x harder than ML-100K does and the model collapses to the biases. Longer
   * epochs therefore share the decay of {@value} steps out among their steps.
   */
  public static final int DECAY_EPOCH_STEPS = 100;

  private final List<NDArray[]> state = new ArrayList<>();
  private final List<LazyState> lazy = new ArrayList<>();
  private final float wd;
  private final float beta2;
  private final float eps;
  private long step;

  public FastAiAdam(NDManager manager, List<NDArray> params, float wd) {
    this(manager, params, wd, 0.99f, 1e-5f);
  }

  public FastAiAdam(NDManager manager, List<NDArray> params, float wd, float beta2, float eps) {
    this(manager, params, List.of(), wd, beta2, eps);
  }

  /** The optimiser of a model: its dense parameters and its lazy tables. */
  public FastAiAdam(TwoTowerModel model, float wd) {
    this(model.manager(), model.parameters(), model.lazyTables(), wd, 0.99f, 1e-5f);
  }

  FastAiAdam(
      NDManager manager,
      List<NDArray> params,
      List<ParamTable> tables,
      float wd,
      float beta2,
      float eps) {
    this.wd = wd;
    this.beta2 = beta2;
    this.eps = eps;
    for (NDArray p : params) {
      state.add(new NDArray[] {p, manager.zeros(p.getShape()), manager.zeros(p.getShape())});
    }
    for (ParamTable t : tables) {
      Shape shape = t.shape();
      lazy.add(new LazyState(t, manager.zeros(shape), manager.zeros(shape)));
    }
  }

  private record LazyState(ParamTable table, NDArray mean, NDArray variance) {}

  /** One update of every parameter with the gradients collected since the last one. */
  public void step(float lr, float beta1) {
    step++;
    double debias1 = 1 - StrictMath.pow(beta1, step);
    double debias2 = Math.sqrt(1 - StrictMath.pow(beta2, step));
    float lrc = (float) (lr * debias2 / debias1);
    float epsc = (float) (eps * debias2);
    for (NDArray[] s : state) {
      try (NDArray g = s[0].getGradient()) {
        update(s[0], g, s[1], s[2], lr, lrc, beta1, epsc);
      }
    }
    for (LazyState l : lazy) {
      NDArray rows = l.table().leaf();
      if (rows != null) {
        NDManager step = rows.getManager();
        NDIndex at = l.table().at();
        NDArray mean = l.mean().get(step, at);
        NDArray variance = l.variance().get(step, at);
        try (NDArray g = rows.getGradient()) {
          update(rows, g, mean, variance, lr, lrc, beta1, epsc);
        }
        l.mean().set(at, mean);
        l.variance().set(at, variance);
      }
      // What the fused op did to the rows it updated, the table's scale does to the rest.
      l.table().store(1 - (double) lr * wd);
    }
  }

  private void update(
      NDArray p,
      NDArray g,
      NDArray mean,
      NDArray variance,
      float lr,
      float lrc,
      float beta1,
      float epsc) {
    p.getNDArrayInternal()
        .adamUpdate(
            new NDList(p, g, mean, variance),
            new NDList(p),
            lr,
            lrc,
            wd,
            1f,
            -1f,
            beta1,
            beta2,
            epsc,
            false,
            true);
  }

  /** The per-step decay for {@code wd} when an epoch is {@code stepsPerEpoch} steps long. */
  public static float decayPerStep(float wd, long stepsPerEpoch) {
    return stepsPerEpoch <= DECAY_EPOCH_STEPS
        ? wd
        : (float) ((double) wd * DECAY_EPOCH_STEPS / stepsPerEpoch);
  }

  public long steps() {
    return step;
  }
}
