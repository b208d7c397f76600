package dev.marquee.trainer;

import dev.marquee.trainer.eval.Metrics;
import dev.marquee.trainer.model.TrainingLoop;
import java.io.PrintWriter;

/** The fastai-style epoch table, the progress bar (terminals only) and the side-by-side metrics table. */
final class Console implements TrainingLoop.Listener {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean terminal;
  private final int epochs;

  Console(PrintWriter out, PrintWriter err, boolean terminal, int epochs) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.epochs = epochs;
  }

  /** True when stderr is an interactive terminal (JDK 22+ {@code Console.isTerminal}, else console presence). */
  static boolean isTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException ex) {
      return true;
    }
  }

  void header() {
    out.printf("%-6s %-11s %-11s %-11s %s%n", "epoch", "train_loss", "valid_loss", "valid_rmse", "time");
    out.flush();
  }

  @Override
  public void onBatch(int epoch, int batch, int batches, double runningLoss) {
    if (!terminal || (batch % 4 != 0 && batch != batches)) {
      return;
    }
    int width = 30, done = batch * width / batches;
    err.printf("\repoch %d/%d [%s%s] %d/%d loss %.4f", epoch + 1, epochs, "#".repeat(done), ".".repeat(width - done), batch, batches, runningLoss);
    err.flush();
  }

  @Override
  public void onEpoch(TrainingLoop.EpochStats s) {
    if (terminal) {
      err.print("\r" + " ".repeat(70) + "\r");
      err.flush();
    }
    long ms = Math.round(s.seconds() * 1000);
    out.printf("%-6d %-11.6f %-11s %-11s %02d:%02d.%03d%n", s.epoch(), s.trainLoss(), num(s.validLoss()), num(s.validRmse()),
        ms / 60000, (ms / 1000) % 60, ms % 1000);
    out.flush();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format("%.6f", v);
  }

  static void comparison(PrintWriter out, Metrics model, Metrics biases, Metrics mean) {
    out.printf("%n%-12s %-8s %-8s %-8s %-10s %-8s %s%n", "", "rmse", "mse", "mae", "recall@10", "ndcg@10", "coverage@10");
    row(out, "model", model);
    row(out, "biases", biases);
    row(out, "global mean", mean);
    out.printf("(ranking over %d validation users with a rating >= 4; all unrated-in-training movies are candidates)%n", model.rankedUsers());
    out.flush();
  }

  private static void row(PrintWriter out, String name, Metrics m) {
    out.printf("%-12s %-8.4f %-8.4f %-8.4f %-10.4f %-8.4f %.4f%n", name, m.rmse(), m.mse(), m.mae(), m.recallAt10(), m.ndcgAt10(), m.coverageAt10());
  }
}
