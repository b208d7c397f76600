package dev.marquee.benchmarks;

import dev.marquee.server.FoldIn;
import dev.marquee.server.MovieFilterSpec;
import dev.marquee.server.PairLoader;
import dev.marquee.server.Recommender;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.ServingState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recall@k of the served HNSW path against the exact path, and in-process latency of both, for a
 * model and its index (a quality measurement that also reports times, so a plain program, not JMH):
 *
 * <pre>
 * benchmarks/run.sh RecallBench MODEL_DIR INDEX_DIR [users=1000] [k=10] [oversample=4] [ef=100]
 * </pre>
 */
public final class RecallBench {
  private RecallBench() {}

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  static void run(String[] args, PrintStream out) throws Exception {
    Path model = Path.of(args[0]);
    Path index = Path.of(args[1]);
    int users = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int k = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int oversample = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    int ef = args.length > 5 ? Integer.parseInt(args[5]) : 100;
    long t0 = System.nanoTime();
    ServingState hnsw =
        new PairLoader(model, index, new RetrievalOptions(false, oversample, ef, 0)).call();
    out.printf(
        "loaded %s (%d movies) in %.1f s%n",
        hnsw.modelId(), hnsw.catalogue().size(), (System.nanoTime() - t0) / 1e9);
    var e = hnsw.embeddings();
    ServingState exact = new PairLoader(model, null, RetrievalOptions.EXACT).call();
    Recommender r = new Recommender(new FoldIn(1));
    int n = Math.min(users, e.userIds().length);
    // Warm up.
    for (int i = 0; i < Math.min(n, 200); i++) {
      r.recommend(hnsw, e.userIds()[i], k, false, MovieFilterSpec.NONE);
    }
    long[] hnswNanos = new long[n];
    long[] exactNanos = new long[n];
    double hits = 0;
    int total = 0;
    for (int i = 0; i < n; i++) {
      long id = e.userIds()[i];
      long a = System.nanoTime();
      List<Integer> got =
          r.recommend(hnsw, id, k, false, MovieFilterSpec.NONE).items().stream()
              .map(Recommender.Item::movie)
              .toList();
      long b = System.nanoTime();
      List<Integer> want =
          r.recommend(exact, id, k, false, MovieFilterSpec.NONE).items().stream()
              .map(Recommender.Item::movie)
              .toList();
      long c = System.nanoTime();
      hnswNanos[i] = b - a;
      exactNanos[i] = c - b;
      Set<Integer> w = new HashSet<>(want);
      hits += got.stream().filter(w::contains).count();
      total += want.size();
    }
    Arrays.sort(hnswNanos);
    Arrays.sort(exactNanos);
    out.printf(
        "users %d, k %d, oversample %d, ef %d (candidates %d)%n",
        n, k, oversample, ef, new RetrievalOptions(false, oversample, ef, 0).numCandidates(k));
    out.printf("recall@%d vs exact: %.4f%n", k, hits / total);
    out.printf(
        "in-process Recommend, HNSW: p50 %.3f ms, p99 %.3f ms; exact: p50 %.3f ms, p99 %.3f ms%n",
        hnswNanos[n / 2] / 1e6,
        hnswNanos[(int) (n * 0.99)] / 1e6,
        exactNanos[n / 2] / 1e6,
        exactNanos[(int) (n * 0.99)] / 1e6);
    hnsw.close();
    exact.close();
  }
}
