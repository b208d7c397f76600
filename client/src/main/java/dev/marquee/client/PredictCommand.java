package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.proto.v1.PredictRatingsRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code client predict}: predicted ratings of given movies for a known user (PredictRatings). */
@Command(
    name = "predict",
    description =
        "Predicted ratings of given movies for a user, beside the user's actual rating when there is one.")
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions conn;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "ID",
      description = "The dataset's user id, e.g. 42.")
  long user;

  @Option(
      names = "--movie",
      required = true,
      paramLabel = "ID",
      split = ",",
      description = "Movie ids to predict (repeat or comma-separate), e.g. --movie 50 --movie 172.")
  List<Long> movies;

  @Override
  public Integer call() throws Exception {
    PredictRatingsRequest request =
        PredictRatingsRequest.newBuilder().setUserId(user).addAllMovieIds(movies).build();
    return conn.run(
        channel -> {
          var view =
              Views.Predictions.of(
                  user, new RecommenderClient(channel, conn.deadline).predictRatings(request));
          conn.print(view, TextOutput::predictions);
          return ExitCode.OK.code();
        });
  }
}
