package dev.marquee.trainer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.marquee.core.cli.CommandException;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.data.Dataset;
import dev.marquee.data.Split;
import dev.marquee.trainer.model.LrFinder;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TwoTowerModel;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainer lr-find}: fastai's learning-rate range test, with a PNG of loss against learning
 * rate.
 */
@Command(
    name = "lr-find",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Sweep the learning rate exponentially (stopping when the loss diverges), plot loss vs lr and suggest a rate.")
@Exits(ExitCode.IO)
final class LrFindCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Option(
      names = "--plot",
      paramLabel = "PNG",
      defaultValue = "lr.png",
      description = "Plot file (default: ${DEFAULT-VALUE}).")
  Path plot;

  @Option(
      names = "--start-lr",
      paramLabel = "LR",
      defaultValue = "1e-7",
      description = "First learning rate (default: ${DEFAULT-VALUE}).")
  double startLr;

  @Option(
      names = "--end-lr",
      paramLabel = "LR",
      defaultValue = "10",
      description = "Last learning rate (default: ${DEFAULT-VALUE}).")
  double endLr;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      defaultValue = "100",
      description = "Steps in the sweep (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Mixin ModelOptions model = new ModelOptions();

  @Mixin EngineOptions runtime = new EngineOptions();

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    data.validate(cl);
    runtime.validate(cl);
    if (!(startLr > 0 && endLr > startLr)) {
      throw new CommandLine.ParameterException(
          cl, "need 0 < --start-lr < --end-lr; --start-lr=" + startLr + ", --end-lr=" + endLr);
    }
    if (iterations < 2) {
      throw new CommandLine.ParameterException(
          cl, "--iterations must be >= 2; --iterations=" + iterations);
    }
    TrainConfig cfg = model.config(cl, 1, 1e-3f, 0f, 0f, data.seed());
    PrintWriter o = cl.getOut();
    DataOptions.Loaded loaded = data.load(cl);
    Dataset d = loaded.dataset();
    Split split = loaded.split();
    Device device = runtime.start(cl, cfg.batchSize());
    Prepared p = Prepared.of(d, split);
    LrFinder.Result r;
    try (NDManager manager = NDManager.newBaseManager(device);
        TwoTowerModel net = new TwoTowerModel(manager, cfg, p.side(), p.train())) {
      r = LrFinder.run(net, cfg, p.train(), startLr, endLr, iterations);
    }
    try {
      Plots.lines(
          plot,
          "Learning rate finder",
          "learning rate (log)",
          "smoothed train loss",
          List.of(new Plots.Series("loss", r.lrs(), r.losses(), new Color(31, 119, 180))),
          true,
          r.valley());
    } catch (IOException ex) {
      throw new CommandException(ExitCode.IO, "--plot " + plot + ": " + ex.getMessage(), ex);
    }
    o.printf(
        "swept %d learning rates from %.1e to %.1e%n",
        r.lrs().length, r.lrs()[0], r.lrs()[r.lrs().length - 1]);
    o.printf("suggested lr: %.2e (valley); steepest descent at %.2e%n", r.valley(), r.steepest());
    o.printf("plot: %s%n", plot);
    o.flush();
    return ExitCode.OK.code();
  }
}
