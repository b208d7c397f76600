package dev.marquee.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.Arrays;

/**
 * One trainable table of rows (embeddings or biases), read by the forward pass through {@link
 * #rows}. A dense table is an array with a gradient, and every step updates all of it. A lazy table
 * is updated only where a step reads it (TensorFlow Addons' LazyAdam): the step names its rows
 * first ({@link #touch}), {@link #open} gathers them into a leaf array with a gradient of its own,
 * and {@link FastAiAdam} updates those rows and their moments and writes them back. A batch of
 * 8,192 ratings reads about 5 % of the 162,000 rows of an ML-25M-shaped user table, and updating
 * the rest cost more than the step's own arithmetic.
 *
 * <p>Decoupled weight decay still reaches every row at every step, exactly: a lazy table stores its
 * rows divided by {@link #scale}, the product of every step's decay factor so far (the scaling
 * trick of SGD with L2 regularisation), so decaying every row is one multiplication of a scalar.
 * What an untouched row misses is the rest of Adam's step: its moments wait for its next use.
 */
final class ParamTable {
  /** Below this scale the stored rows are rescaled, so that they stay far from float underflow. */
  private static final double MIN_SCALE = 1e-3;

  private final NDArray values;
  private final boolean lazy;
  private final int rowCount;
  // A lazy table's step: the rows it reads, each row's place among them (-1: unread) and the leaf.
  private final int[] slotOf;
  private int[] ids = new int[0];
  private int touched;
  private NDArray index;
  private NDArray leaf;
  private double scale = 1;

  /**
   * @param values the table; a dense one is given a gradient here
   */
  ParamTable(NDArray values, boolean lazy) {
    this.values = values;
    this.lazy = lazy;
    this.rowCount = Math.toIntExact(values.getShape().get(0));
    if (lazy) {
      slotOf = new int[rowCount];
      Arrays.fill(slotOf, -1);
    } else {
      slotOf = null;
      values.setRequiresGradient(true);
    }
  }

  static NDArray gather(NDArray index, NDArray table) {
    NDList out = index.getNDArrayInternal().embedding(index, table, SparseFormat.DENSE);
    return out.singletonOrThrow();
  }

  Shape shape() {
    return values.getShape();
  }

  /** The array the optimiser updates in full (dense tables only). */
  NDArray values() {
    return values;
  }

  /** Forgets the rows of the previous step (a lazy table's step starts here). */
  void reset() {
    for (int i = 0; i < touched; i++) {
      slotOf[ids[i]] = -1;
    }
    touched = 0;
    index = null;
    leaf = null;
  }

  /** Marks rows that the coming step reads; a no-op for a dense table. */
  void touch(int[] rows) {
    if (!lazy) {
      return;
    }
    if (ids.length < touched + rows.length) {
      ids = Arrays.copyOf(ids, Math.min(rowCount, Math.max(2 * ids.length, touched + rows.length)));
    }
    for (int r : rows) {
      if (slotOf[r] < 0) {
        slotOf[r] = touched;
        ids[touched++] = r;
      }
    }
  }

  /** Gathers the touched rows into a leaf with a gradient, attached to {@code step}. */
  void open(NDManager step) {
    if (!lazy || touched == 0) {
      return;
    }
    index = step.create(Arrays.copyOf(ids, touched));
    NDArray rows = gather(index, values);
    leaf = scale == 1 ? rows : rows.mul(step.create((float) scale));
    leaf.setRequiresGradient(true);
  }

  /** The rows {@code rows} of the table (in the step's leaf when the table is lazy and open). */
  NDArray rows(NDManager step, int[] rows) {
    if (leaf == null) {
      NDArray out = gather(step.create(rows), values);
      return lazy && scale != 1 ? out.mul(step.create((float) scale)) : out;
    }
    int[] local = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      local[i] = slotOf[rows[i]];
      if (local[i] < 0) {
        throw new IllegalStateException("row " + rows[i] + " was not touched before the step");
      }
    }
    return gather(step.create(local), leaf);
  }

  /** The open step's leaf (null when the step read nothing). */
  NDArray leaf() {
    return leaf;
  }

  /** The open step's rows as an index of the table. */
  NDIndex at() {
    return new NDIndex("{}", index);
  }

  /**
   * Ends a step: every row decays by {@code keep} (the leaf's rows already have), and the updated
   * leaf is written back.
   */
  void store(double keep) {
    scale *= keep;
    if (leaf != null) {
      // Detached, so that writing back does not hang the step's graph on the table.
      values.set(at(), leaf.stopGradient().div(leaf.getManager().create((float) scale)));
    }
    if (scale < MIN_SCALE) {
      settle();
    }
    reset();
  }

  /** Folds the scale into the stored rows. */
  void settle() {
    if (scale != 1) {
      try (NDArray s = values.getManager().create((float) scale)) {
        values.muli(s);
      }
      scale = 1;
    }
  }

  /** The table's rows, flattened. */
  float[] toFloatArray() {
    settle();
    return values.toFloatArray();
  }
}
