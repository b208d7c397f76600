package dev.marquee.server.opensearch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marquee.indexer.opensearch.ClusterConfig;
import dev.marquee.server.FoldIn;
import dev.marquee.server.MovieFilterSpec;
import dev.marquee.server.PairLoader;
import dev.marquee.server.Recommender;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.ServingState;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Recall@10 of {@code --backend opensearch} against the exact path for every user of a model
 * already indexed in a running cluster (the 100k synthetic model of BENCHMARKS.md, too slow to load
 * in CI). Runs when {@code -Dmarquee.test.opensearch=URL[,URL] -Dmarquee.test.opensearch.alias=NAME
 * -Dmarquee.test.model=DIR} are given; skipped otherwise.
 */
class OpenSearchRecallCheckTest {
  @Test
  void recallAgainstExactForEveryUser() throws Exception {
    String urls = System.getProperty("marquee.test.opensearch");
    String alias = System.getProperty("marquee.test.opensearch.alias");
    String model = System.getProperty("marquee.test.model");
    assumeTrue(urls != null && alias != null && model != null, "needs a cluster and a model");
    ClusterConfig c =
        new ClusterConfig(Arrays.stream(urls.split(",")).map(URI::create).toList(), "", "", 30_000);
    Recommender r = new Recommender(new FoldIn(1));
    MovieFilterSpec f = new MovieFilterSpec(List.of("Comedy", "Romance"), 1980, 1998);
    try (OpenSearchBackend b =
            new OpenSearchBackend(
                Path.of(model), c, alias, new RetrievalOptions(false, 4, 100, 0));
        ServingState os = b.call();
        ServingState exact = new PairLoader(Path.of(model), null, RetrievalOptions.EXACT).call()) {
      for (MovieFilterSpec filter : List.of(MovieFilterSpec.NONE, f)) {
        long[] users = exact.embeddings().userIds();
        double hits = 0;
        int same = 0;
        for (long u : users) {
          Recommender.Result want = r.recommend(exact, u, 10, false, filter);
          Recommender.Result got = r.recommend(os, u, 10, false, filter);
          same += got.equals(want) ? 1 : 0;
          Set<Integer> w = new HashSet<>();
          want.items().forEach(i -> w.add(i.movie()));
          hits +=
              got.items().stream().filter(i -> w.contains(i.movie())).count()
                  / (double) Math.max(1, want.items().size());
        }
        double recall = hits / users.length;
        System.out.printf(
            "%s: %d movies, filter %s: %d of %d users identical, recall@10 %.4f%n",
            alias, exact.catalogue().size(), filter, same, users.length, recall);
        assertTrue(recall >= 0.99, "recall@10 " + recall);
      }
    }
  }
}
