package dev.marquee.benchmarks;

import dev.marquee.indexer.MovieIndex;
import dev.marquee.server.FoldIn;
import dev.marquee.server.MovieFilterSpec;
import dev.marquee.server.PairLoader;
import dev.marquee.server.Recommender;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.ServingState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process Recommend latency (k = 10, default retrieval settings) with and without genre/year
 * filters, cycling through the first 300 users of a model and its index:
 *
 * <pre>
 * benchmarks/run.sh jmh FilterBenchmark -p model=MODEL_DIR -p index=INDEX_DIR
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class FilterBenchmark {
  /**
   * The filters by name: none, a common genre (11 % of movies at 1M), a decade, a rare genre in
   * three years.
   */
  static final Map<String, MovieFilterSpec> FILTERS =
      Map.of(
          "none", MovieFilterSpec.NONE,
          "comedy", new MovieFilterSpec(List.of("Comedy"), 0, 0),
          "1990s", new MovieFilterSpec(List.of(), 1990, 1999),
          "noir-1950-1952", new MovieFilterSpec(List.of("Film-Noir"), 1950, 1952));

  static final int USERS = 300;

  /** The model directory (required). */
  @Param("")
  public String model;

  /** Its index directory (required). */
  @Param("")
  public String index;

  /** One of {@link #FILTERS}' names. */
  @Param({"none", "comedy", "1990s", "noir-1950-1952"})
  public String filter;

  private ServingState state;
  private final Recommender recommender = new Recommender(new FoldIn(1));
  private MovieFilterSpec spec;
  private long[] users;
  private int next;

  @Setup
  public void load() throws Exception {
    if (model.isEmpty() || index.isEmpty()) {
      throw new IllegalArgumentException(
          "pass -p model=DIR -p index=DIR; model=" + model + " index=" + index);
    }
    spec = FILTERS.get(filter);
    if (spec == null) {
      throw new IllegalArgumentException(
          "filter must be one of " + FILTERS.keySet() + "; filter=" + filter);
    }
    state =
        new PairLoader(
                Path.of(model),
                Path.of(index),
                new RetrievalOptions(false, 4, 100, MovieIndex.DEFAULT_EXACT_THRESHOLD))
            .call();
    long[] all = state.embeddings().userIds();
    users = java.util.Arrays.copyOf(all, Math.min(USERS, all.length));
  }

  /**
   * One Recommend call for the next user; the result goes back to JMH so the call is not optimised
   * away.
   */
  @Benchmark
  public Recommender.Result recommend() {
    long user = users[next];
    next = (next + 1) % users.length;
    return recommender.recommend(state, user, 10, false, spec);
  }

  @TearDown
  public void close() {
    state.close();
  }
}
