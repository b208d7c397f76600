package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RateMoviesRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.proto.v1.SimilarMoviesRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code client bench}: Marquee's own load generator (see {@link LoadGenerator}). */
@Command(
    name = "bench",
    sortOptions = false,
    description = {
      "Load-tests the server and prints latency percentiles and status counts.",
      "",
      "Closed loop: -c async callers, each starting a call when its last one ends.",
      "Open loop (--rps): calls start on a fixed schedule, at most -c in flight.",
      "Runs -n calls or for --duration; failed calls are counted by status code",
      "and the run goes on. Ids are drawn with --seed: same command, same requests."
    },
    footerHeading = "%n",
    footer = {
      "bench exits 0 when every measured call succeeded, 8 (check failed) when some",
      "failed, and the failure's own code when all failed alike, e.g. 9 for no server."
    })
@Exits(ExitCode.CHECK)
final class BenchCommand implements Callable<Integer> {
  /**
   * Responses are handled on the transport thread that read them: recording a latency is a few
   * nanoseconds, and a hand-off to the channel's default executor added the client's own thread
   * scheduling to every measured latency (RateMovies paced at 2,000/s: p99 30-35 ms against 45-69
   * ms, same server, BENCHMARKS.md).
   */
  private static final java.util.concurrent.Executor DIRECT = Runnable::run;

  /** The RPC to load. */
  enum CallKind {
    recommend,
    info,
    predict,
    similar,
    rate
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--call",
      paramLabel = "RPC",
      defaultValue = "recommend",
      description = "RPC to call: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  CallKind call;

  @Option(
      names = {"-n", "--total"},
      paramLabel = "N",
      description = "Measured calls (default: 200, or unlimited with --duration).")
  Long total;

  @Option(
      names = {"-d", "--duration"},
      paramLabel = "TIME",
      converter = Durations.Converter.class,
      description = "Stop starting calls after TIME, e.g. 10s (with -n: whichever comes first).")
  Duration duration;

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "C",
      defaultValue = "10",
      description = "Calls in flight at most (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--rps",
      paramLabel = "RATE",
      description = "Open loop: start calls at RATE per second (still at most -c in flight).")
  Double rps;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Calls made and waited for before measuring, not counted (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(
      names = "--connections",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Channels (connections) to spread calls over, round-robin (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--users",
      paramLabel = "IDS",
      defaultValue = "1-943",
      converter = IdPool.Converter.class,
      description = "User ids to draw from, e.g. 1-943 or 1-10,42 (default: ${DEFAULT-VALUE}).")
  IdPool users;

  @Option(
      names = "--user",
      paramLabel = "ID",
      description = "Always this user (overrides --users).")
  Long user;

  @Option(
      names = "--movies",
      paramLabel = "IDS",
      defaultValue = "1-1682",
      converter = IdPool.Converter.class,
      description = "Movie ids to draw from for similar and predict (default: ${DEFAULT-VALUE}).")
  IdPool movies;

  @Option(
      names = "--movie",
      paramLabel = "ID",
      description = "Always this movie (overrides --movies).")
  Long movie;

  @Option(
      names = "--movies-per-call",
      paramLabel = "N",
      defaultValue = "1",
      description = "predict and rate: movies per call (default: ${DEFAULT-VALUE}).")
  int moviesPerCall;

  @Option(
      names = "--k",
      paramLabel = "K",
      defaultValue = "10",
      description =
          "recommend and similar: movies per answer, 1..1000 (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed of the id draws (default: ${DEFAULT-VALUE}).")
  long seed;

  /** recommend: the same genre/year filter on every call (to measure what a filter costs). */
  @Mixin FilterOptions filter;

  @Mixin ConnectionOptions conn; // declared last: its flags come after bench's own in --help

  @Override
  public Integer call() throws Exception {
    LoadGenerator.Plan plan = plan();
    IdPool userPool = user != null ? IdPool.of(Checks.id(spec, "--user", user)) : users;
    IdPool moviePool = movie != null ? IdPool.of(Checks.id(spec, "--movie", movie)) : movies;
    Checks.k(spec, k);
    LoadGenerator.CallStarter starter = starter(userPool, moviePool, new SplittableRandom(seed));

    List<ManagedChannel> channels = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        channels.add(conn.open());
      }
      LoadGenerator.Result result =
          new LoadGenerator(channels.stream().map(conn::authorized).toList(), starter, plan).run();
      BenchReport report =
          BenchReport.of(describe(userPool, moviePool), conn.target, plan, connections, result);
      conn.print(report, BenchReport::toText);
      return exitCode(report, result);
    } finally {
      channels.forEach(ChannelFactory::close);
    }
  }

  private LoadGenerator.Plan plan() {
    if (total != null && total < 1) {
      throw new ParameterException(spec.commandLine(), "-n must be >= 1; n=" + total);
    }
    if (concurrency < 1 || concurrency > 10_000) {
      throw new ParameterException(
          spec.commandLine(), "-c must be in [1, 10000]; c=" + concurrency);
    }
    if (connections < 1 || connections > 64) {
      throw new ParameterException(
          spec.commandLine(), "--connections must be in [1, 64]; connections=" + connections);
    }
    if (rps != null && !(rps > 0 && rps < 1e7)) {
      throw new ParameterException(spec.commandLine(), "--rps must be in (0, 1e7); rps=" + rps);
    }
    if (warmup < 0) {
      throw new ParameterException(spec.commandLine(), "--warmup must be >= 0; warmup=" + warmup);
    }
    if (moviesPerCall < 1 || moviesPerCall > 1000) {
      throw new ParameterException(
          spec.commandLine(),
          "--movies-per-call must be in [1, 1000]; movies-per-call=" + moviesPerCall);
    }
    Long n = total == null && duration == null ? Long.valueOf(200) : total;
    return new LoadGenerator.Plan(concurrency, n, duration, rps, warmup);
  }

  /**
   * Builds each request in the caller's (single) dispatch thread, so the draws are reproducible.
   */
  private LoadGenerator.CallStarter starter(
      IdPool userPool, IdPool moviePool, SplittableRandom random) {
    long nanos = conn.deadline.toNanos();
    MovieFilter movieFilter = filter.toProto();
    return switch (call) {
      case recommend ->
          (channel, done) ->
              RecommenderGrpc.newStub(channel)
                  .withExecutor(DIRECT)
                  .withDeadlineAfter(nanos, TimeUnit.NANOSECONDS)
                  .recommend(
                      RecommendRequest.newBuilder()
                          .setUserId(userPool.draw(random))
                          .setK(k)
                          .setFilter(movieFilter)
                          .build(),
                      LoadGenerator.observer(done));
      case info ->
          (channel, done) ->
              RecommenderGrpc.newStub(channel)
                  .withExecutor(DIRECT)
                  .withDeadlineAfter(nanos, TimeUnit.NANOSECONDS)
                  .getModelInfo(
                      GetModelInfoRequest.getDefaultInstance(), LoadGenerator.observer(done));
      case similar ->
          (channel, done) ->
              RecommenderGrpc.newStub(channel)
                  .withExecutor(DIRECT)
                  .withDeadlineAfter(nanos, TimeUnit.NANOSECONDS)
                  .similarMovies(
                      SimilarMoviesRequest.newBuilder()
                          .setMovieId(moviePool.draw(random))
                          .setK(k)
                          .build(),
                      LoadGenerator.observer(done));
      case predict ->
          (channel, done) -> {
            PredictRatingsRequest.Builder b =
                PredictRatingsRequest.newBuilder().setUserId(userPool.draw(random));
            for (int i = 0; i < moviesPerCall; i++) {
              b.addMovieIds(moviePool.draw(random));
            }
            RecommenderGrpc.newStub(channel)
                .withExecutor(DIRECT)
                .withDeadlineAfter(nanos, TimeUnit.NANOSECONDS)
                .predictRatings(b.build(), LoadGenerator.observer(done));
          };
      case rate -> {
        // Distinct movies per call, integer ratings 1..5, request ids unique to this run (a rerun
        // with the same seed must not be answered as retries).
        String run = "bench-" + seed + "-" + Long.toHexString(System.nanoTime()) + "-";
        long[] calls = {0};
        yield (channel, done) -> {
          RateMoviesRequest.Builder b =
              RateMoviesRequest.newBuilder()
                  .setUserId(userPool.draw(random))
                  .setRequestId(run + calls[0]++);
          java.util.Set<Long> chosen = new java.util.HashSet<>();
          while (chosen.size() < Math.min(moviesPerCall, moviePool.size())) {
            long m = moviePool.draw(random);
            if (chosen.add(m)) {
              b.addRatings(
                  ProfileRating.newBuilder().setMovieId(m).setRating(1 + random.nextInt(5)));
            }
          }
          RecommenderGrpc.newStub(channel)
              .withExecutor(DIRECT)
              .withDeadlineAfter(nanos, TimeUnit.NANOSECONDS)
              .rateMovies(b.build(), LoadGenerator.observer(done));
        };
      }
    };
  }

  private String describe(IdPool userPool, IdPool moviePool) {
    return switch (call) {
      case recommend -> "recommend (users " + userPool + ", k=" + k + ")";
      case info -> "info";
      case similar -> "similar (movies " + moviePool + ", k=" + k + ")";
      case rate ->
          "rate (users " + userPool + ", movies " + moviePool + ", " + moviesPerCall + " per call)";
      case predict ->
          "predict (users "
              + userPool
              + ", movies "
              + moviePool
              + ", "
              + moviesPerCall
              + " per call)";
    };
  }

  /** 0 all OK; the failure's code when every call failed the same way; CHECK otherwise. */
  private int exitCode(BenchReport report, LoadGenerator.Result result) {
    if (report.errors() == 0) {
      return ExitCode.OK.code();
    }
    Map<String, Long> codes = report.statusCodes();
    if (codes.size() == 1) {
      Status.Code only = Status.Code.valueOf(codes.keySet().iterator().next());
      return conn.report(result.firstStatus()[only.value()]); // e.g. "no server at ..."
    }
    conn.err().println(report.errors() + " of " + report.count() + " calls failed: " + codes);
    conn.err().flush();
    return ExitCode.CHECK.code();
  }
}
