package dev.marquee.trainer;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Features;
import dev.marquee.core.Manifest;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.TrainingConfig;
import dev.marquee.core.cli.CommandException;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.cli.ModelOption;
import dev.marquee.data.Dataset;
import dev.marquee.data.Movie;
import dev.marquee.data.Split;
import dev.marquee.data.User;
import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.EmbeddingScorer;
import dev.marquee.trainer.eval.Evaluator;
import dev.marquee.trainer.eval.Metrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainer evaluate}: scores a model artifact on a split with core's Scoring (no DJL), next
 * to the baselines. The split defaults to the one the model was trained with (from its manifest).
 * Users and movies the model does not know get their features-only vectors, as the server would
 * give them.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Evaluate a model artifact on a validation split, next to the baselines.")
@Exits({ExitCode.MODEL, ExitCode.IO})
final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ModelOption model;

  @Mixin DataOptions data = new DataOptions();

  @Option(
      names = "--metrics-json",
      paramLabel = "FILE",
      description = "Also write the metrics as JSON here.")
  Path metricsJson;

  @Mixin BaselineOptions baselines = new BaselineOptions();

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    data.validate(cl);
    Baselines.Settings baselineSettings = baselines.settings(cl);
    PrintWriter o = cl.getOut(), err = cl.getErr();
    ModelArtifact a;
    try {
      a = ModelArtifacts.read(model.dir());
    } catch (IOException ex) {
      throw new CommandException(
          ExitCode.MODEL, "--model " + model.dir() + ": " + ex.getMessage(), ex);
    }
    Manifest m = a.manifest();
    TrainingConfig trained = m.hyperparameters();
    if (trained != null) {
      if (data.split == null && data.validPct == null) {
        data.split = trained.split();
        data.validPct = trained.validPct();
      }
      if (data.seed == null) {
        data.seed = trained.seed();
      }
    }
    if (data.splitSpec().equals("none")) {
      throw new CommandLine.ParameterException(
          cl,
          "the model was trained on every rating (split none); give --split and --valid-pct to evaluate it");
    }
    DataOptions.Loaded loaded =
        data.load(
            cl,
            read -> {
              if (read.fingerprint().equals(m.datasetFingerprint()) && "none".equals(m.split())) {
                // Same data and no held-out part: the model has seen this split's validation
                // ratings.
                err.println(
                    "warning: model "
                        + m.modelId()
                        + " was trained on every rating, including this split's validation set: "
                        + "its numbers below are optimistic");
              } else if (!read.fingerprint().equals(m.datasetFingerprint())) {
                err.println(
                    "warning: the model was trained on dataset "
                        + m.dataset()
                        + " with fingerprint "
                        + m.datasetFingerprint()
                        + ", not on "
                        + data.data
                        + " ("
                        + read.fingerprint()
                        + ")");
              }
            });
    Dataset d = loaded.dataset();
    Split split = loaded.split();
    if (split.valid().size() == 0) {
      throw new CommandLine.ParameterException(
          cl, "split " + split.name() + " has no validation ratings");
    }
    Prepared p = Prepared.of(d, split);
    int[] cold = new int[2];
    Embeddings e = align(a.embeddings(), d, cold);
    Evaluator ev = new Evaluator(p.train(), p.valid(), p.users(), p.movies());
    Metrics mm = ev.evaluate(new EmbeddingScorer(e, m.yMin(), m.yMax()));
    Baselines.Report br =
        Baselines.evaluate(
            ev, p.train(), p.users(), p.movies(), d.minRating(), d.maxRating(), baselineSettings);
    o.printf(
        "model %s on %s, split %s (%d train, %d valid)%s%n",
        m.modelId(),
        d.name(),
        split.name(),
        p.train().size(),
        p.valid().size(),
        cold[0] + cold[1] > 0
            ? "; features-only vectors for "
                + cold[0]
                + " unknown users and "
                + cold[1]
                + " unknown movies"
            : "");
    Console.comparison(o, mm, br);
    if (metricsJson != null) {
      try {
        MetricsReport.evaluation(m.modelId(), split.name(), mm, br).write(metricsJson);
      } catch (IOException ex) {
        throw new CommandException(
            ExitCode.IO, "--metrics-json " + metricsJson + ": " + ex.getMessage(), ex);
      }
    }
    return ExitCode.OK.code();
  }

  /**
   * The artifact's rows reordered to the dataset's dense indices; unknown ids get features-only
   * vectors.
   */
  static Embeddings align(Embeddings e, Dataset d, int[] coldCounts) {
    Map<Long, Integer> urow = index(e.userIds()), mrow = index(e.movieIds());
    int nu = d.users().size(), nm = d.movies().size();
    float[][] uv = new float[nu][];
    float[] ub = new float[nu];
    for (int u = 0; u < nu; u++) {
      User x = d.users().get(u);
      Integer r = urow.get(x.id());
      if (r != null) {
        uv[u] = e.userVectors()[r];
        ub[u] = e.userBias()[r];
      } else {
        Features.Vector v = Features.user(e, x.age(), x.gender(), x.occupation());
        uv[u] = v.vector();
        ub[u] = v.bias();
        coldCounts[0]++;
      }
    }
    float[][] mv = new float[nm][];
    float[] mb = new float[nm], mc = new float[nm];
    // A movie the model never saw has no retrieval bias of its own: it gets the catalogue's mean.
    double meanC = 0;
    for (float c : e.movieRetrievalBias()) {
      meanC += c / (double) Math.max(1, e.movieRetrievalBias().length);
    }
    for (int i = 0; i < nm; i++) {
      Movie x = d.movies().get(i);
      Integer r = mrow.get(x.id());
      if (r != null) {
        mv[i] = e.movieVectors()[r];
        mb[i] = e.movieBias()[r];
        mc[i] = e.movieRetrievalBias()[r];
      } else {
        Features.Vector v = Features.movie(e, x.genres(), x.year());
        mv[i] = v.vector();
        mb[i] = v.bias();
        mc[i] = (float) meanC;
        coldCounts[1]++;
      }
    }
    return new Embeddings(
        e.dim(), d.userIds().ids(), uv, ub, d.movieIds().ids(), mv, mb, mc, e.features());
  }

  private static Map<Long, Integer> index(long[] ids) {
    Map<Long, Integer> m = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      m.put(ids[i], i);
    }
    return m;
  }
}
