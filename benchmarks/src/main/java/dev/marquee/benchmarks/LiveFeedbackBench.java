package dev.marquee.benchmarks;

import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.PredictRatingsResponse;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RateMoviesRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Fold-in quality of live ratings on MovieLens 100K, through a running server.
 *
 * <p>{@code prepare DATA OUT USERS SEED}: picks USERS users with at least 40 ratings (seeded) and
 * holds out each one's last 20 ratings by time: the earlier 10 are the feedback that RateMovies
 * will send, the last 10 the evaluation set. Writes {@code OUT/base} (ML-100K without those 20 per
 * user), {@code OUT/feedback.tsv} and {@code OUT/eval.tsv} (user, movie, rating).
 *
 * <p>{@code measure TARGET OUT LABEL [send]}: Recall@10 (Recommend k=10 against the evaluation
 * ratings >= 4, hits / relevant, over users with a relevant one) and RMSE (PredictRatings on the
 * evaluation ratings) for those users; with {@code send}, then sends each user's feedback in one
 * RateMovies call and measures again.
 *
 * <pre>
 * benchmarks/live_feedback.sh   # the whole run: prepare, train, serve, measure
 * </pre>
 */
public final class LiveFeedbackBench {
  private LiveFeedbackBench() {}

  /** One rating of the ML-100K u.data file. */
  record Row(long user, long movie, float rating, long time) {}

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  static void run(String[] args, PrintStream out) throws Exception {
    switch (args[0]) {
      case "prepare" ->
          prepare(
              Path.of(args[1]),
              Path.of(args[2]),
              Integer.parseInt(args[3]),
              Long.parseLong(args[4]),
              out);
      case "measure" ->
          measure(
              args[1], Path.of(args[2]), args[3], args.length > 4 && args[4].equals("send"), out);
      default -> throw new IllegalArgumentException("prepare or measure; got " + args[0]);
    }
  }

  static void prepare(Path data, Path out, int users, long seed, PrintStream log)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("u.data"), StandardCharsets.ISO_8859_1)) {
      String[] f = line.split("\t");
      rows.add(
          new Row(
              Long.parseLong(f[0]),
              Long.parseLong(f[1]),
              Float.parseFloat(f[2]),
              Long.parseLong(f[3])));
    }
    Map<Long, List<Row>> byUser = new TreeMap<>();
    for (Row r : rows) {
      byUser.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(r);
    }
    List<Long> eligible = new ArrayList<>();
    byUser.forEach(
        (u, list) -> {
          if (list.size() >= 40) {
            eligible.add(u);
          }
        });
    java.util.Collections.shuffle(eligible, new Random(seed));
    Set<Long> chosen = new HashSet<>(eligible.subList(0, users));
    Set<Row> heldOut = new HashSet<>();
    List<String> feedback = new ArrayList<>(), eval = new ArrayList<>();
    for (long u : new java.util.TreeSet<>(chosen)) {
      List<Row> list = new ArrayList<>(byUser.get(u));
      list.sort(Comparator.comparingLong(Row::time).thenComparingLong(Row::movie));
      List<Row> last = list.subList(list.size() - 20, list.size());
      for (int j = 0; j < 20; j++) {
        Row r = last.get(j);
        heldOut.add(r);
        (j < 10 ? feedback : eval).add(r.user() + "\t" + r.movie() + "\t" + (int) r.rating());
      }
    }
    Path base = Files.createDirectories(out.resolve("base"));
    for (String f : List.of("u.item", "u.user", "u.genre", "u.occupation")) {
      Files.copy(
          data.resolve(f), base.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> kept = new ArrayList<>();
    for (Row r : rows) {
      if (!heldOut.contains(r)) {
        kept.add(r.user() + "\t" + r.movie() + "\t" + (int) r.rating() + "\t" + r.time());
      }
    }
    Files.write(base.resolve("u.data"), kept, StandardCharsets.ISO_8859_1);
    Files.write(out.resolve("feedback.tsv"), feedback);
    Files.write(out.resolve("eval.tsv"), eval);
    log.printf(
        "prepared %d users: %d ratings kept, %d feedback, %d evaluation%n",
        users, kept.size(), feedback.size(), eval.size());
  }

  private static Map<Long, List<long[]>> read(Path tsv) throws IOException {
    Map<Long, List<long[]>> out = new TreeMap<>();
    for (String line : Files.readAllLines(tsv)) {
      String[] f = line.split("\t");
      out.computeIfAbsent(Long.parseLong(f[0]), u -> new ArrayList<>())
          .add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
    }
    return out;
  }

  static void measure(String target, Path dir, String label, boolean send, PrintStream out)
      throws Exception {
    Map<Long, List<long[]>> eval = read(dir.resolve("eval.tsv"));
    ManagedChannel ch = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      var stub = RecommenderGrpc.newBlockingStub(ch);
      report(stub, eval, label + (send ? ", before RateMovies" : ""), out);
      if (send) {
        Map<Long, List<long[]>> feedback = read(dir.resolve("feedback.tsv"));
        long t0 = System.nanoTime();
        int sent = 0;
        for (var e : feedback.entrySet()) {
          RateMoviesRequest.Builder b =
              RateMoviesRequest.newBuilder()
                  .setUserId(e.getKey())
                  .setRequestId("feedback-" + e.getKey());
          for (long[] r : e.getValue()) {
            b.addRatings(ProfileRating.newBuilder().setMovieId(r[0]).setRating(r[1]));
            sent++;
          }
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).rateMovies(b.build());
        }
        out.printf(
            Locale.ROOT,
            "sent %d ratings of %d users through RateMovies in %.2f s%n",
            sent,
            feedback.size(),
            (System.nanoTime() - t0) / 1e9);
        report(stub, eval, label + ", after RateMovies", out);
      }
    } finally {
      ch.shutdownNow();
    }
  }

  private static void report(
      RecommenderGrpc.RecommenderBlockingStub stub,
      Map<Long, List<long[]>> eval,
      String label,
      PrintStream out) {
    double recall = 0, se = 0;
    int users = 0, n = 0;
    for (var e : eval.entrySet()) {
      Set<Long> relevant = new HashSet<>();
      PredictRatingsRequest.Builder p = PredictRatingsRequest.newBuilder().setUserId(e.getKey());
      for (long[] r : e.getValue()) {
        if (r[1] >= 4) {
          relevant.add(r[0]);
        }
        p.addMovieIds(r[0]);
      }
      PredictRatingsResponse pr =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).predictRatings(p.build());
      for (int j = 0; j < e.getValue().size(); j++) {
        double d = pr.getPredictions(j).getPredictedRating() - e.getValue().get(j)[1];
        se += d * d;
        n++;
      }
      if (relevant.isEmpty()) {
        continue;
      }
      List<RecommendedMovie> top =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .recommend(RecommendRequest.newBuilder().setUserId(e.getKey()).setK(10).build())
              .getItemsList();
      long hits = top.stream().filter(m -> relevant.contains(m.getMovieId())).count();
      recall += hits / (double) relevant.size();
      users++;
    }
    out.printf(
        Locale.ROOT,
        "%-45s Recall@10 %.4f (%d users)  RMSE %.4f (%d ratings)%n",
        label,
        recall / users,
        users,
        Math.sqrt(se / n),
        n);
  }
}
