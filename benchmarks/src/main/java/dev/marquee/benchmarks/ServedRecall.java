package dev.marquee.benchmarks;

import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Recall@k of one running server's Recommend answers against another's, over gRPC (e.g. a server
 * with {@code --backend opensearch} against one with {@code --exact}), for users 1..USERS, without
 * and then with a genre/year filter:
 *
 * <pre>
 * benchmarks/run.sh ServedRecall REFERENCE_TARGET TARGET [users=1000] [k=10]
 * </pre>
 */
public final class ServedRecall {
  private ServedRecall() {}

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  static void run(String[] args, PrintStream out) throws Exception {
    int users = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int k = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    ManagedChannel reference = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
    ManagedChannel measured = ManagedChannelBuilder.forTarget(args[1]).usePlaintext().build();
    try {
      MovieFilter none = MovieFilter.getDefaultInstance();
      MovieFilter some =
          MovieFilter.newBuilder()
              .addGenres("Comedy")
              .addGenres("Romance")
              .setMinYear(1980)
              .setMaxYear(1998)
              .build();
      for (MovieFilter filter : List.of(none, some)) {
        double hits = 0;
        int total = 0;
        int identical = 0;
        for (long user = 1; user <= users; user++) {
          RecommendRequest req =
              RecommendRequest.newBuilder().setUserId(user).setK(k).setFilter(filter).build();
          List<Long> want = ids(reference, req);
          List<Long> got = ids(measured, req);
          Set<Long> wanted = new HashSet<>(want);
          hits += got.stream().filter(wanted::contains).count();
          total += want.size();
          identical += want.equals(got) ? 1 : 0;
        }
        out.printf(
            "filter %s: recall@%d %.4f over %d users, identical lists %d%n",
            filter.equals(none) ? "none" : "Comedy|Romance 1980-1998",
            k,
            total == 0 ? Double.NaN : hits / total,
            users,
            identical);
      }
    } finally {
      reference.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      measured.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static List<Long> ids(ManagedChannel channel, RecommendRequest req) {
    return RecommenderGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .recommend(req)
        .getItemsList()
        .stream()
        .map(RecommendedMovie::getMovieId)
        .toList();
  }
}
