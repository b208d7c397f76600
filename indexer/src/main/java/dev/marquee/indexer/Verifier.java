package dev.marquee.indexer;

import dev.marquee.core.Embeddings;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.MovieSet;
import dev.marquee.core.Samples;
import dev.marquee.core.Scoring;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Measures an index against exact search: for each sampled user, the index's candidates reranked
 * exactly (as the server does) against the brute-force top k of u·m + c_m over all movies.
 * Latencies are single-threaded, after a warm-up pass; the exact oracle runs beforehand in
 * parallel.
 */
public final class Verifier {
  /**
   * @param k results per user, in [1, 1000]
   * @param users users to sample, or -1 for all
   * @param numCandidates candidate counts to measure, each in [k, MovieIndex.MAX_NUM_CANDIDATES]
   * @param seed sampling seed
   * @param warmup queries run before timing
   * @param excludeRated leave out each user's rated movies (a filter on the index, a skip list for
   *     the exact oracle), as the server does
   */
  public record Options(
      int k, int users, int[] numCandidates, long seed, int warmup, boolean excludeRated) {
    public Options(int k, int users, int[] numCandidates, long seed, int warmup) {
      this(k, users, numCandidates, seed, warmup, false);
    }

    public Options {
      if (k < 1 || k > 1000) {
        throw new IllegalArgumentException("k must be in [1, 1000]; k=" + k);
      }
      if (users == 0 || users < -1) {
        throw new IllegalArgumentException("users must be >= 1 or 'all'; users=" + users);
      }
      for (int c : numCandidates) {
        if (c < k || c > MovieIndex.MAX_NUM_CANDIDATES) {
          throw new IllegalArgumentException(
              "num-candidates must be in [k="
                  + k
                  + ", "
                  + MovieIndex.MAX_NUM_CANDIDATES
                  + "]; num-candidates="
                  + c);
        }
      }
    }
  }

  /** One row of the recall/latency curve. */
  public record Point(
      int numCandidates,
      double recall,
      double meanMs,
      double p50Ms,
      double p99Ms,
      double meanVisited,
      double exactFraction) {}

  /**
   * @param k results per user
   * @param users users measured
   * @param movies movies in the index
   * @param points one per candidate count, in the order asked
   * @param exactMeanMs mean single-threaded latency of the brute-force top k (over up to 50 users)
   */
  public record Report(int k, int users, int movies, List<Point> points, double exactMeanMs) {}

  private Verifier() {}

  public static Report run(ModelArtifact artifact, MovieIndex index, Options o) throws IOException {
    Embeddings e = artifact.embeddings();
    index.requireModel(artifact.modelId(), e.dim());
    int n = e.movieIds().length;
    if (index.size() != n) {
      throw new IndexException(
          "index "
              + index.path()
              + " has "
              + index.size()
              + " movies, model "
              + artifact.modelId()
              + " has "
              + n);
    }
    float[][] items = new float[n][];
    for (int i = 0; i < n; i++) {
      items[i] = Scoring.itemVector(e.movieVectors()[i], e.movieRetrievalBias()[i]);
    }
    ExactSearch exact = new ExactSearch(items);
    int[] users = sample(e.userIds().length, o.users(), o.seed());
    float[][] queries = new float[users.length][];
    for (int i = 0; i < users.length; i++) {
      queries[i] = Scoring.queryVector(e.userVectors()[users[i]]);
    }
    int k = Math.min(o.k(), n);
    int[][] rated = new int[users.length][];
    for (int i = 0; i < users.length; i++) {
      if (o.excludeRated()) {
        rated[i] = artifact.ratings().moviesOf(users[i]);
      }
    }
    int[][] truth =
        IntStream.range(0, users.length)
            .parallel()
            .mapToObj(i -> exact.topK(queries[i], k, rated[i]))
            .toArray(int[][]::new);
    int timed = Math.min(50, users.length);
    long t0 = System.nanoTime();
    for (int i = 0; i < timed; i++) {
      exact.topK(queries[i], k);
    }
    double exactMs = (System.nanoTime() - t0) / 1e6 / timed;

    List<Point> points = new ArrayList<>();
    for (int c : o.numCandidates()) {
      for (int i = 0; i < Math.min(o.warmup(), users.length); i++) {
        index.search(queries[i], c, rated[i] == null ? null : MovieSet.allExcept(n, rated[i]));
      }
      long[] nanos = new long[users.length];
      long hits = 0, visited = 0, exactCount = 0;
      for (int i = 0; i < users.length; i++) {
        long s = System.nanoTime();
        // The exclusion filter is built per query, inside the timing, as the server would.
        Candidates cand =
            index.search(queries[i], c, rated[i] == null ? null : MovieSet.allExcept(n, rated[i]));
        int[] top = exact.rerank(queries[i], cand.movieIndices(), k);
        nanos[i] = System.nanoTime() - s;
        hits += overlap(top, truth[i]);
        visited += cand.visited();
        exactCount += cand.exact() ? 1 : 0;
      }
      Arrays.sort(nanos);
      points.add(
          new Point(
              c,
              (double) hits / ((long) users.length * k),
              Arrays.stream(nanos).average().orElse(0) / 1e6,
              percentile(nanos, 0.50) / 1e6,
              percentile(nanos, 0.99) / 1e6,
              (double) visited / users.length,
              (double) exactCount / users.length));
    }
    return new Report(k, users.length, n, points, exactMs);
  }

  /** User indices to measure: all, or a seeded sample without replacement. */
  static int[] sample(int total, int want, long seed) {
    if (want < 0 || want >= total) {
      return IntStream.range(0, total).toArray();
    }
    return Samples.distinct(total, want, new Random(seed));
  }

  private static int overlap(int[] a, int[] b) {
    int[] s = b.clone();
    Arrays.sort(s);
    int c = 0;
    for (int x : a) {
      if (Arrays.binarySearch(s, x) >= 0) {
        c++;
      }
    }
    return c;
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }
}
