package dev.marquee.indexer.cli;

import dev.marquee.core.ModelArtifact;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.indexer.SyntheticArtifacts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code indexer synth-model}: a synthetic model artifact for tests and benchmarks (see {@link
 * SyntheticArtifacts}).
 */
@Command(
    name = "synth-model",
    mixinStandardHelpOptions = true,
    description =
        "Write a synthetic model artifact (clustered movie vectors, lognormal norms, biases) through the model writer.")
@Exits(ExitCode.IO)
final class SynthModelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--movies",
      defaultValue = "1682",
      description = "Movies (default: ${DEFAULT-VALUE}).")
  int movies;

  @Option(
      names = "--users",
      defaultValue = "943",
      description = "Users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--factors",
      defaultValue = "40",
      description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  int factors;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--norm-sigma",
      defaultValue = "" + SyntheticArtifacts.DEFAULT_NORM_SIGMA,
      description =
          "Spread of log(movie norm); larger is harder for inner-product search (default: ${DEFAULT-VALUE}).")
  double normSigma;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Model directory to write (replaces a model there).")
  Path out;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    ModelArtifact a = SyntheticArtifacts.write(out, movies, users, factors, seed, normSigma);
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        Locale.ROOT,
        "wrote %s: model %s, %d movies, %d users, %d factors, %d ratings (%.1f s)%n",
        out,
        a.modelId(),
        movies,
        users,
        factors,
        a.ratings().movies().length,
        (System.nanoTime() - t0) / 1e9);
    o.flush();
    return ExitCode.OK.code();
  }
}
