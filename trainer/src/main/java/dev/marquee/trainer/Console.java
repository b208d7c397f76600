package dev.marquee.trainer;

import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.Metrics;
import dev.marquee.trainer.model.TrainingLoop;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The fastai-style epoch table, the progress bar (terminals only) and the side-by-side metrics
 * table.
 */
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

  /**
   * True when stderr is an interactive terminal (JDK 22+ {@code Console.isTerminal}, else console
   * presence).
   */
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
    out.printf(
        "%-6s %-11s %-11s %-11s %s%n", "epoch", "train_loss", "valid_loss", "valid_rmse", "time");
    out.flush();
  }

  @Override
  public void onBatch(int epoch, int batch, int batches, double runningLoss) {
    if (!terminal || (batch % 4 != 0 && batch != batches)) {
      return;
    }
    int width = 30, done = batch * width / batches;
    err.printf(
        "\repoch %d/%d [%s%s] %d/%d loss %.4f",
        epoch + 1, epochs, "#".repeat(done), ".".repeat(width - done), batch, batches, runningLoss);
    err.flush();
  }

  @Override
  public void onEpoch(TrainingLoop.EpochStats s) {
    if (terminal) {
      err.print("\r" + " ".repeat(70) + "\r");
      err.flush();
    }
    long ms = Math.round(s.seconds() * 1000);
    out.printf(
        "%-6d %-11.6f %-11s %-11s %02d:%02d.%03d%n",
        s.epoch(),
        s.trainLoss(),
        num(s.validLoss()),
        num(s.validRmse()),
        ms / 60000,
        (ms / 1000) % 60,
        ms % 1000);
    out.flush();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format("%.6f", v);
  }

  /**
   * The side-by-side table: the baselines from the simplest up, then the model, so the model's row
   * reads against what it has to beat. "-" marks a metric a predictor does not have (ranking-only
   * baselines predict no ratings).
   */
  static void comparison(PrintWriter out, Metrics model, Baselines.Report b) {
    out.printf(
        "%n%-13s %-7s %-7s %-7s %-9s %-8s %-9s %-8s %-7s %-7s %s%n",
        "",
        "rmse",
        "mse",
        "mae",
        "recall@10",
        "ndcg@10",
        "recall@20",
        "ndcg@20",
        "hit@10",
        "cov@10",
        "pop%@10");
    row(out, "global mean", b.globalMean());
    row(out, "biases", b.biases());
    row(out, "most popular", b.popularity());
    if (b.ease() != null) {
      row(out, "EASE", b.ease());
    }
    row(out, "model", model);
    out.printf(
        "(ranking over %d validation users with a rating >= 4; all unrated-in-training movies are candidates; "
            + "pop%%@10 = mean popularity percentile of the top-10 movies, 100 = most rated)%n",
        model.rankedUsers());
    out.println(b.easeNote());
    out.flush();
  }

  private static void row(PrintWriter out, String name, Metrics m) {
    out.printf(
        Locale.ROOT,
        "%-13s %-7s %-7s %-7s %-9.4f %-8.4f %-9.4f %-8.4f %-7.4f %-7.4f %.1f%n",
        name,
        cell(m.rmse()),
        cell(m.mse()),
        cell(m.mae()),
        m.recallAt10(),
        m.ndcgAt10(),
        m.recallAt20(),
        m.ndcgAt20(),
        m.hitRateAt10(),
        m.coverageAt10(),
        m.popularityPercentileAt10());
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
