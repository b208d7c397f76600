package dev.marquee.data.cli;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.data.DatasetFormat;
import dev.marquee.data.SynthConfig;
import dev.marquee.data.SyntheticDataset;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code data synth}: write a MovieLens-format dataset with planted latent structure. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic MovieLens-format dataset with planted structure.",
      "Planted factors, Zipf popularity, factor-correlated genres and demographics;",
      "the truth goes to DIR/planted.tsv.",
      "Same seed, same bytes. Streams: memory is O(users + movies * factors)."
    })
@Exits({ExitCode.DATA, ExitCode.IO})
public final class SynthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory to create (must not exist or be empty).")
  Path out;

  @Option(names = "--users", required = true, paramLabel = "N", description = "Number of users.")
  int users;

  @Option(names = "--movies", required = true, paramLabel = "N", description = "Number of movies.")
  int movies;

  @Option(
      names = "--ratings",
      required = true,
      paramLabel = "N",
      description = "Number of ratings (<= users * movies).")
  long ratings;

  @Option(
      names = "--factors",
      defaultValue = "8",
      paramLabel = "K",
      description = "Planted latent dimension; default ${DEFAULT-VALUE}.")
  int factors;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed; default ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--format",
      defaultValue = "ml-100k",
      paramLabel = "FMT",
      description = "ml-100k or csv; default ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() throws Exception {
    DatasetFormat f =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "ml-100k" -> DatasetFormat.ML_100K;
          case "csv" -> DatasetFormat.CSV;
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "Invalid value for option '--format': expected ml-100k or csv; got '"
                      + format
                      + "'");
        };
    SynthConfig cfg;
    try {
      cfg = new SynthConfig(users, movies, ratings, factors, seed, f);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    long t0 = System.nanoTime();
    SyntheticDataset.write(out, cfg);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "wrote %,d users, %,d movies, %,d ratings to %s in %.1f s%n",
            users,
            movies,
            ratings,
            out,
            (System.nanoTime() - t0) / 1e9);
    return ExitCode.OK.code();
  }
}
