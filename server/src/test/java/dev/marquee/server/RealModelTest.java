package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marquee.indexer.IndexBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HNSW equals the exact path on a trained model, for every user, with and without filters. Runs
 * when {@code -Dmarquee.test.model=DIR} names a trained artifact (e.g. ML-100K from
 * {@code bin/trainer train}); skipped otherwise, since the server module cannot train one.
 */
class RealModelTest {
  @TempDir
  Path tmp;

  @Test
  void hnswEqualsExactOnATrainedModel() throws Exception {
    String dir = System.getProperty("marquee.test.model");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "set -Dmarquee.test.model=DIR to run");
    Path model = Path.of(dir);
    IndexBuilder.build(model, tmp.resolve("index"), IndexBuilder.Options.defaults());
    ServingState hnsw = new PairLoader(model, tmp.resolve("index"), RetrievalOptions.HNSW).call();
    ServingState exact = new PairLoader(model, tmp.resolve("index"), RetrievalOptions.EXACT).call();
    Recommender r = new Recommender(new FoldIn(1));
    try {
      long[] users = hnsw.embeddings().userIds();
      int same = 0;
      for (long u : users) {
        if (r.recommend(hnsw, u, 10, false, MovieFilterSpec.NONE).equals(r.recommend(exact, u, 10, false, MovieFilterSpec.NONE))) {
          same++;
        }
        MovieFilterSpec f = new MovieFilterSpec(List.of("Comedy", "Romance"), 1980, 1998);
        assertEquals(r.recommend(exact, u, 10, false, f), r.recommend(hnsw, u, 10, false, f), "user " + u);
      }
      assertEquals(users.length, same, "users whose HNSW answer equals the exact one");
    } finally {
      hnsw.release();
      exact.release();
    }
  }
}
