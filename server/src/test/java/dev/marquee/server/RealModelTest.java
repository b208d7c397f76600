package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marquee.indexer.IndexBuilder;
import dev.marquee.indexer.MovieIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served path against {@code --exact} on a trained model, for every user. Runs when {@code
 * -Dmarquee.test.model=DIR} names a trained artifact (e.g. ML-100K from {@code bin/trainer train});
 * skipped otherwise, since the server module cannot train one.
 */
class RealModelTest {
  @TempDir Path tmp;

  @Test
  void servedPathAgainstExactOnATrainedModel() throws Exception {
    String dir = System.getProperty("marquee.test.model");
    assumeTrue(
        dir != null && Files.isDirectory(Path.of(dir)), "set -Dmarquee.test.model=DIR to run");
    Path model = Path.of(dir);
    IndexBuilder.build(model, tmp.resolve("index"), IndexBuilder.Options.defaults().withThreads(1));
    ServingState served =
        new PairLoader(
                model,
                tmp.resolve("index"),
                new RetrievalOptions(false, 4, 100, MovieIndex.DEFAULT_EXACT_THRESHOLD))
            .call();
    ServingState graph = new PairLoader(model, tmp.resolve("index"), RetrievalOptions.HNSW).call();
    ServingState exact = new PairLoader(model, tmp.resolve("index"), RetrievalOptions.EXACT).call();
    Recommender r = new Recommender(new FoldIn(1));
    try {
      long[] users = exact.embeddings().userIds();
      MovieFilterSpec f = new MovieFilterSpec(List.of("Comedy", "Romance"), 1980, 1998);
      int same = 0;
      double hits = 0;
      for (long u : users) {
        Recommender.Result want = r.recommend(exact, u, 10, false, MovieFilterSpec.NONE);
        // Default settings: what the server answers for this catalogue size equals --exact.
        assertEquals(want, r.recommend(served, u, 10, false, MovieFilterSpec.NONE), "user " + u);
        assertEquals(
            r.recommend(exact, u, 10, false, f), r.recommend(served, u, 10, false, f), "user " + u);
        // The graph forced (--exact-below 0): near-identical.
        Recommender.Result got = r.recommend(graph, u, 10, false, MovieFilterSpec.NONE);
        same += got.equals(want) ? 1 : 0;
        Set<Integer> w = new HashSet<>();
        want.items().forEach(i -> w.add(i.movie()));
        hits +=
            got.items().stream().filter(i -> w.contains(i.movie())).count()
                / (double) want.items().size();
      }
      double recall = hits / users.length;
      System.out.printf(
          "graph: %d of %d users identical to --exact, recall@10 %.4f%n",
          same, users.length, recall);
      assertTrue(recall >= 0.99, "recall@10 " + recall);
      assertTrue(same >= 0.95 * users.length, same + " of " + users.length + " identical");
    } finally {
      served.close();
      graph.close();
      exact.close();
    }
  }
}
