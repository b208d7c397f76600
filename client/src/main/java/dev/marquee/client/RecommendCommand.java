package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.proto.v1.RecommendRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code client recommend}: top-k movies for a known user (Recommend). */
@Command(
    name = "recommend",
    description =
        "Top-k movies for a user of the training data; an unknown user gets the cold-start answer.")
final class RecommendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions conn;
  @Mixin FilterOptions filter;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "ID",
      description = "The dataset's user id, e.g. 42.")
  long user;

  @Option(
      names = "--k",
      paramLabel = "K",
      defaultValue = "10",
      description = "How many movies, 1..1000 (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--include-seen",
      description = "Also recommend movies the user has already rated.")
  boolean includeSeen;

  @Override
  public Integer call() throws Exception {
    RecommendRequest request =
        RecommendRequest.newBuilder()
            .setUserId(user)
            .setK(Checks.k(spec, k))
            .setIncludeSeen(includeSeen)
            .setFilter(filter.toProto())
            .build();
    return conn.run(
        channel -> {
          var view =
              Views.Recommendations.of(
                  new RecommenderClient(channel, conn.deadline).recommend(request));
          conn.print(view, v -> TextOutput.recommendations("user " + user, v));
          return ExitCode.OK.code();
        });
  }
}
