package dev.marquee.server;

import dev.marquee.indexer.MovieIndex;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: in-process Recommend latency with and without genre/year filters (first 300 users,
 * k = 10, default retrieval settings, three passes; the last pass is the steady state).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "server/target/classes:server/target/test-classes:server/target/lib/*" \
 *   dev.marquee.server.FilterBench MODEL_DIR INDEX_DIR
 * </pre>
 */
public final class FilterBench {
  private FilterBench() {}

  public static void main(String[] args) throws Exception {
    ServingState s = new PairLoader(Path.of(args[0]), Path.of(args[1]),
        new RetrievalOptions(false, 4, 100, MovieIndex.DEFAULT_EXACT_THRESHOLD)).call();
    Recommender r = new Recommender(new FoldIn(1));
    long[] users = s.embeddings().userIds();
    int n = Math.min(300, users.length);
    List<MovieFilterSpec> filters = List.of(MovieFilterSpec.NONE, new MovieFilterSpec(List.of("Comedy"), 0, 0),
        new MovieFilterSpec(List.of(), 1990, 1999), new MovieFilterSpec(List.of("Film-Noir"), 1950, 1952));
    for (int pass = 1; pass <= 3; pass++) {
      for (MovieFilterSpec f : filters) {
        long t = System.nanoTime();
        int items = 0;
        for (int i = 0; i < n; i++) {
          items += r.recommend(s, users[i], 10, false, f).items().size();
        }
        System.out.printf("pass %d %s: %.0f us/call, %.1f items%n", pass, f, (System.nanoTime() - t) / 1e3 / n, items / (double) n);
      }
    }
    s.close();
  }
}
