package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RateMoviesRequest;
import dev.marquee.proto.v1.RateMoviesResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code client rate}: records a user's ratings on the server (RateMovies) and prints what was
 * acknowledged: the event's sequence number and how many ratings it holds.
 */
@Command(
    name = "rate",
    description = {
      "Records ratings for a user (RateMovies); their recommendations change at once.",
      "Acknowledged only once on the server's disk. Rating a movie again replaces the earlier",
      "rating; a retry with the same --request-id is applied once."
    })
final class RateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions conn;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "ID",
      description = "The user id, e.g. 42 (a new id creates the user).")
  long user;

  @Option(
      names = "--rating",
      required = true,
      paramLabel = "MOVIE:RATING",
      split = ",",
      converter = NewUserCommand.RatedConverter.class,
      description = "A movie and its rating, e.g. --rating 50:5 --rating 172:4 (or 50:5,172:4).")
  List<ProfileRating> ratings = new ArrayList<>();

  @Option(
      names = "--request-id",
      paramLabel = "ID",
      description = "Idempotency key for retries (default: a random UUID).")
  String requestId;

  /** What the server acknowledged. */
  record Rated(
      String modelId, long userId, String requestId, long seq, int count, boolean duplicate) {}

  @Override
  public Integer call() throws Exception {
    if (user == 0) {
      throw new ParameterException(spec.commandLine(), "--user must not be 0; user=0");
    }
    String id = requestId != null ? requestId : UUID.randomUUID().toString();
    RateMoviesRequest request =
        RateMoviesRequest.newBuilder()
            .setUserId(user)
            .addAllRatings(ratings)
            .setRequestId(id)
            .build();
    return conn.run(
        channel -> {
          RateMoviesResponse r = new RecommenderClient(channel, conn.deadline).rateMovies(request);
          Rated view =
              new Rated(r.getModelId(), user, id, r.getSeq(), r.getCount(), r.getDuplicate());
          conn.print(view, RateCommand::text);
          return ExitCode.OK.code();
        });
  }

  static String text(Rated r) {
    String ratings = r.count() + (r.count() == 1 ? " rating" : " ratings");
    return (r.duplicate()
            ? "Already recorded (request " + r.requestId() + "): " + ratings
            : "Recorded " + ratings)
        + " for user "
        + r.userId()
        + " as event "
        + r.seq()
        + " - model "
        + r.modelId()
        + "\n";
  }
}
