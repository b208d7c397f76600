package dev.marquee.trainer;

import ai.djl.Device;
import dev.marquee.core.Manifest;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.TrainingConfig;
import dev.marquee.core.cli.CommandException;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.events.CorruptEventLogException;
import dev.marquee.data.Dataset;
import dev.marquee.data.Split;
import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainer train}: trains, evaluates against the baselines, writes the artifact, history.png
 * and metrics.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train the two-tower model and write a model artifact.")
@Exits({ExitCode.IO, ExitCode.DATA})
final class TrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Option(
      names = "--out",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "Model directory to write (replaced atomically).")
  Path out;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "" + TrainConfig.EPOCHS,
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--lr",
      paramLabel = "LR",
      defaultValue = "" + TrainConfig.LR,
      description = "Peak one-cycle learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Mixin ModelOptions model = new ModelOptions();

  @Option(
      names = "--id-dropout",
      paramLabel = "P",
      defaultValue = "" + TrainConfig.ID_DROPOUT,
      description =
          "Probability of dropping the user's ID part (ID vector and bias, implicit term) per example, so features-only "
              + "user vectors work for cold start (default: ${DEFAULT-VALUE}).")
  float idDropout;

  @Option(
      names = "--movie-id-dropout",
      paramLabel = "P",
      defaultValue = "" + TrainConfig.MOVIE_ID_DROPOUT,
      description =
          "The same for the movie's ID part (default: ${DEFAULT-VALUE}: movie features are trained inside every "
              + "movie vector anyway, and dropping costs ranking quality).")
  float movieIdDropout;

  @Option(
      names = "--models",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "Train K models (seeds seed..seed+K-1) and serve their concatenation, an ensemble that is still one "
              + "dot-product model with K*factors dimensions (default: ${DEFAULT-VALUE}; each model costs another training run).")
  int models;

  @Option(
      names = "--metrics-json",
      paramLabel = "FILE",
      description = "Also write the metrics as JSON here.")
  Path metricsJson;

  @Option(
      names = "--events",
      paramLabel = "LOG_DIR",
      description =
          "Also train on a server's live-rating event log (server --events): a later rating of the same user and "
              + "movie replaces the earlier one; the manifest records the last event included, so the server "
              + "replays only newer ones.")
  Path events;

  @Mixin BaselineOptions baselines = new BaselineOptions();

  @Mixin EngineOptions runtime = new EngineOptions();

  TrainConfig config() {
    CommandLine cl = spec.commandLine();
    data.validate(cl);
    runtime.validate(cl);
    if (epochs < 1) {
      throw new CommandLine.ParameterException(cl, "--epochs must be >= 1; --epochs=" + epochs);
    }
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new CommandLine.ParameterException(cl, "--lr must be > 0; --lr=" + lr);
    }
    if (!(idDropout >= 0 && idDropout < 1)) {
      throw new CommandLine.ParameterException(
          cl, "--id-dropout must be in [0, 1); --id-dropout=" + idDropout);
    }
    if (!(movieIdDropout >= 0 && movieIdDropout < 1)) {
      throw new CommandLine.ParameterException(
          cl, "--movie-id-dropout must be in [0, 1); --movie-id-dropout=" + movieIdDropout);
    }
    if (models < 1 || models > 16) {
      throw new CommandLine.ParameterException(
          cl, "--models must be in [1, 16]; --models=" + models);
    }
    return model.config(cl, epochs, lr, idDropout, movieIdDropout, data.seed());
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    TrainConfig cfg = config();
    Baselines.Settings baselineSettings = baselines.settings(spec.commandLine());
    PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
    LiveEvents[] live = new LiveEvents[1];
    DataOptions.Loaded loaded =
        data.loadExtended(spec.commandLine(), raw -> withEvents(raw, live, o, err));
    Dataset d = loaded.dataset();
    Split split = loaded.split();
    Prepared p = Prepared.of(d, split);
    cfg = model.resolveBatch(spec.commandLine(), cfg, p.train().size());
    Device device = runtime.start(spec.commandLine(), cfg.batchSize());
    o.printf(
        "%s: %d users, %d movies; split %s: %d train, %d valid; %s on %s, %s%n",
        d.name(),
        p.users(),
        p.movies(),
        split.name(),
        p.train().size(),
        p.valid().size(),
        describe(cfg, p.movies()),
        device,
        threadsLabel());
    Console console = new Console(o, err, Console.isTerminal(), cfg.epochs());
    console.header();
    Training.Result r = Training.run(p, cfg, models, baselineSettings, device, console);
    if (r.model() != null) {
      Console.comparison(o, r.model(), r.baselines());
      Training.ColdStart cs = r.coldStart();
      o.printf(
          Locale.ROOT,
          "cold start (features-only vector for one side): users %.4f (zero vector %.4f), movies %.4f (zero vector %.4f)%n",
          cs.userRmse(),
          cs.userZeroRmse(),
          cs.movieRmse(),
          cs.movieZeroRmse());
    }
    TrainingConfig training = cfg.toTrainingConfig(models, data.splitSpec(), data.validPct());
    ModelArtifact written;
    try {
      Manifest draft =
          Manifest.draft(
              d.name(),
              d.fingerprint(),
              split.name(),
              cfg.features().label(),
              cfg.yLo(),
              cfg.yHi(),
              d.minRating(),
              d.maxRating(),
              training,
              MetricsReport.manifestMetrics(r));
      if (live[0] != null) {
        draft = draft.withEventsSeq(live[0].lastSeq());
      }
      written =
          ModelArtifacts.write(
              out,
              new ModelArtifact(
                  draft, r.embeddings(), p.movieInfos(), p.userInfos(), p.ratingLog()),
              dir -> historyPlot(dir.resolve("history.png"), r.epochs()));
    } catch (IOException ex) {
      throw new CommandException(
          ExitCode.IO, "--out " + out + ": cannot write the model: " + ex.getMessage(), ex);
    }
    double total = (System.nanoTime() - start) / 1e9;
    if (metricsJson != null) {
      try {
        MetricsReport.training(written.modelId(), split.name(), r, training, total)
            .write(metricsJson);
      } catch (IOException ex) {
        throw new CommandException(
            ExitCode.IO, "--metrics-json " + metricsJson + ": " + ex.getMessage(), ex);
      }
    }
    o.printf(
        "%nwrote model %s to %s (training %.1f s, total %.1f s)%n",
        written.modelId(), out, r.trainSeconds(), total);
    o.flush();
    return ExitCode.OK.code();
  }

  /** {@code raw} plus the {@code --events} log (when given), reported on {@code o}. */
  private Dataset withEvents(Dataset raw, LiveEvents[] live, PrintWriter o, PrintWriter err) {
    if (events == null) {
      return raw;
    }
    try {
      live[0] =
          LiveEvents.merge(
              raw,
              events,
              line -> {
                err.println(line);
                err.flush();
              });
    } catch (CorruptEventLogException ex) {
      throw new CommandException(ExitCode.DATA, "--events " + events + ": " + ex.getMessage(), ex);
    } catch (IOException ex) {
      throw new CommandException(
          ExitCode.IO, "--events " + events + ": cannot read the event log: " + ex, ex);
    }
    LiveEvents e = live[0];
    o.printf(
        "events %s: %d events up to seq %d: %d ratings added, %d replaced, %d new users, %d ratings of unknown movies skipped%n",
        events, e.events(), e.lastSeq(), e.added(), e.replaced(), e.newUsers(), e.skipped());
    return e.dataset();
  }

  private static String threadsLabel() {
    int n = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "1"));
    return n == 1 ? "1 thread" : n + " threads";
  }

  private String describe(TrainConfig c, int movies) {
    String softmax =
        c.softmax().full(movies)
            ? "full softmax"
            : "sampled softmax, " + c.negatives() + " negatives";
    String objective =
        c.objective().label()
            + (c.objective().retrieval()
                ? String.format(
                    Locale.ROOT,
                    " (weight %s, temperature %s, positives rated >= %s, %s)",
                    c.retrievalWeight(),
                    c.temperature(),
                    c.positiveMin(),
                    softmax)
                : "");
    return String.format(
            Locale.ROOT,
            "objective %s, factors %d, epochs %d, lr %s, wd %s, batch %d, features %s%s",
            objective,
            c.factors(),
            c.epochs(),
            c.lr(),
            c.wd(),
            c.batchSize(),
            c.features().label(),
            c.implicit() ? ", implicit" : "")
        + (models > 1 ? ", " + models + " models" : "");
  }

  static void historyPlot(Path png, List<TrainingLoop.EpochStats> epochs) throws IOException {
    double[] x = new double[epochs.size()],
        tl = new double[epochs.size()],
        vl = new double[epochs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = epochs.get(i).epoch() + 1;
      tl[i] = epochs.get(i).trainLoss();
      vl[i] = epochs.get(i).validLoss();
    }
    Plots.lines(
        png,
        "Training history (MSE)",
        "epoch",
        "loss",
        List.of(
            new Plots.Series("train_loss", x, tl, new Color(31, 119, 180)),
            new Plots.Series("valid_loss", x, vl, new Color(255, 127, 14))),
        false,
        null);
  }
}
