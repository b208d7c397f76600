package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.proto.v1.SimilarMoviesRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code client similar}: movies closest to one movie (SimilarMovies). */
@Command(
    name = "similar",
    description = "Movies whose vectors are closest (cosine) to a given movie's.")
final class SimilarCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions conn;

  @Option(
      names = "--movie",
      required = true,
      paramLabel = "ID",
      description = "The dataset's movie id, e.g. 50.")
  long movie;

  @Option(
      names = "--k",
      paramLabel = "K",
      defaultValue = "10",
      description = "How many movies, 1..1000 (default: ${DEFAULT-VALUE}).")
  int k;

  @Override
  public Integer call() throws Exception {
    SimilarMoviesRequest request =
        SimilarMoviesRequest.newBuilder().setMovieId(movie).setK(Checks.k(spec, k)).build();
    return conn.run(
        channel -> {
          var view =
              Views.SimilarMovies.of(
                  new RecommenderClient(channel, conn.deadline).similarMovies(request));
          conn.print(view, TextOutput::similar);
          return ExitCode.OK.code();
        });
  }
}
