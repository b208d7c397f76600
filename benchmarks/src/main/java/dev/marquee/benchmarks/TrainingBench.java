package dev.marquee.benchmarks;

import ai.djl.Device;
import dev.marquee.data.Dataset;
import dev.marquee.data.MovieLensReader;
import dev.marquee.data.ReadOptions;
import dev.marquee.data.Splits;
import dev.marquee.trainer.Prepared;
import dev.marquee.trainer.Training;
import dev.marquee.trainer.model.FeatureSet;
import dev.marquee.trainer.model.Objective;
import dev.marquee.trainer.model.Softmax;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Model quality of training configurations side by side in one JVM (how the defaults were chosen;
 * {@code benchmarks/retrieval_objective.sh} runs it). Usage: {@code TrainingBench DATA_DIR SPLIT
 * SEEDS(comma) CONFIG...} where CONFIG is key=value pairs joined by ',' (factors, epochs, lr, wd,
 * bs, features, implicit, drop, mdrop, objective, rw, temp, posmin, softmax, neg, cap, ens), e.g.
 * "epochs=10,wd=0.2", or "default". One line per config: each seed's metrics and the mean RMSE.
 * {@code -Dbench.baselines=true} adds most-popular's and EASE's Recall/NDCG@10, {@code
 * -Dbench.verbose=true} every epoch.
 */
public final class TrainingBench {
  private TrainingBench() {}

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  static void run(String[] args, PrintStream out) throws Exception {
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    Dataset d = MovieLensReader.read(Path.of(args[0]), ReadOptions.strict());
    String split = args[1];
    String[] seeds = args[2].split(",");
    for (int i = 3; i < args.length; i++) {
      double sum = 0;
      StringBuilder line = new StringBuilder();
      for (String s : seeds) {
        long seed = Long.parseLong(s);
        TrainConfig c = parse(args[i], seed);
        int models =
            args[i].contains("ens=")
                ? Integer.parseInt(args[i].replaceAll(".*ens=(\\d+).*", "$1"))
                : 1;
        Prepared p = Prepared.of(d, Splits.of(d, split, 0.1, seed));
        TrainingLoop.Listener verbose =
            new TrainingLoop.Listener() {
              @Override
              public void onEpoch(TrainingLoop.EpochStats e) {
                if (Boolean.getBoolean("bench.verbose")) {
                  out.printf(
                      "  epoch %d train %.4f ce %.4f valid_rmse %.4f%n",
                      e.epoch(), e.trainLoss(), e.trainRetrievalLoss(), e.validRmse());
                }
              }
            };
        Training.Result r = Training.run(p, c, models, Device.cpu(), verbose);
        sum += r.model().rmse();
        var m = r.model();
        var b = r.baselines();
        line.append(
            String.format(
                " seed %s: rmse %.4f rec %.4f ndcg %.4f r20 %.4f hit %.3f cov %.3f pop %.1f (%.1fs)",
                s,
                m.rmse(),
                m.recallAt10(),
                m.ndcgAt10(),
                m.recallAt20(),
                m.hitRateAt10(),
                m.coverageAt10(),
                m.popularityPercentileAt10(),
                r.trainSeconds()));
        if (Boolean.getBoolean("bench.baselines")) {
          line.append(
              String.format(
                  " [popular %.4f/%.4f ease %.4f/%.4f]",
                  b.popularity().recallAt10(),
                  b.popularity().ndcgAt10(),
                  b.ease() == null ? Double.NaN : b.ease().recallAt10(),
                  b.ease() == null ? Double.NaN : b.ease().ndcgAt10()));
        }
      }
      out.printf("%-50s mean %.4f |%s%n", args[i], sum / seeds.length, line);
    }
  }

  static TrainConfig parse(String spec, long seed) {
    TrainConfig d = TrainConfig.defaults();
    int factors = d.factors(), epochs = d.epochs(), bs = d.batchSize();
    float lr = d.lr(), wd = d.wd(), drop = d.idDropout(), mdrop = d.movieIdDropout();
    FeatureSet f = d.features();
    boolean implicit = d.implicit();
    Objective objective = d.objective();
    Softmax softmax = d.softmax();
    float rw = d.retrievalWeight(), temp = d.temperature(), posmin = d.positiveMin();
    int neg = d.negatives(), cap = d.historyCap();
    if (!spec.equals("default")) {
      for (String kv : spec.split(",")) {
        String[] p = kv.split("=");
        switch (p[0]) {
          case "factors" -> factors = Integer.parseInt(p[1]);
          case "epochs" -> epochs = Integer.parseInt(p[1]);
          case "lr" -> lr = Float.parseFloat(p[1]);
          case "wd" -> wd = Float.parseFloat(p[1]);
          case "bs" -> bs = Integer.parseInt(p[1]);
          case "drop" -> drop = Float.parseFloat(p[1]);
          case "mdrop" -> mdrop = Float.parseFloat(p[1]);
          case "features" -> f = FeatureSet.valueOf(p[1].toUpperCase(Locale.ROOT));
          case "implicit" -> implicit = Boolean.parseBoolean(p[1]);
          case "objective" -> objective = Objective.valueOf(p[1].toUpperCase(Locale.ROOT));
          case "softmax" -> softmax = Softmax.valueOf(p[1].toUpperCase(Locale.ROOT));
          case "rw" -> rw = Float.parseFloat(p[1]);
          case "temp" -> temp = Float.parseFloat(p[1]);
          case "posmin" -> posmin = Float.parseFloat(p[1]);
          case "neg" -> neg = Integer.parseInt(p[1]);
          case "cap" -> cap = Integer.parseInt(p[1]);
          case "ens" -> {}
          default -> throw new IllegalArgumentException(kv);
        }
      }
    }
    return new TrainConfig(
        factors, epochs, lr, wd, bs, d.yLo(), d.yHi(), f, implicit, drop, mdrop, seed, objective,
        rw, temp, posmin, softmax, neg, cap);
  }
}
