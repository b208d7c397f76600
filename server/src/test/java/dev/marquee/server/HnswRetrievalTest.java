package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.ArtifactException;
import dev.marquee.core.ModelArtifact;
import dev.marquee.indexer.IndexBuilder;
import dev.marquee.indexer.IndexException;
import dev.marquee.indexer.MovieIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HNSW path against the exact path on a synthetic ML-100K-shaped model and its real index. */
class HnswRetrievalTest {
  @TempDir static Path tmp;
  static ModelArtifact model;
  static ServingState hnsw;
  static ServingState exact;
  static final Recommender R = new Recommender(new FoldIn(1.0));

  @BeforeAll
  static void load() throws Exception {
    model = Fixtures.write(tmp.resolve("model"), Fixtures.ml100kShape(11, true));
    IndexBuilder.build(model, tmp.resolve("index"), IndexBuilder.Options.defaults().withThreads(1));
    hnsw = new PairLoader(tmp.resolve("model"), tmp.resolve("index"), RetrievalOptions.HNSW).call();
    exact =
        new PairLoader(tmp.resolve("model"), tmp.resolve("index"), RetrievalOptions.EXACT).call();
  }

  @AfterAll
  static void close() {
    hnsw.close();
    exact.close();
  }

  static List<Integer> movies(Recommender.Result r) {
    return r.items().stream().map(Recommender.Item::movie).toList();
  }

  @Test
  void equalsExactForEveryUser() {
    assertEquals("hnsw", hnsw.indexParams().get("retrieval"));
    assertEquals("exact", exact.indexParams().get("retrieval"));
    for (long user = 1; user <= 943; user++) {
      int k = user == 1 ? 900 : 10;
      Recommender.Result a = R.recommend(hnsw, user, k, false, MovieFilterSpec.NONE);
      Recommender.Result b = R.recommend(exact, user, k, false, MovieFilterSpec.NONE);
      assertEquals(b, a, "user " + user);
    }
  }

  @Test
  void equalsExactWithFiltersAndSeen() {
    MovieFilterSpec[] filters = {
      new MovieFilterSpec(List.of("Film-Noir"), 0, 0),
      new MovieFilterSpec(List.of("Comedy", "Drama"), 1990, 0),
      new MovieFilterSpec(List.of(), 1930, 1960)
    };
    for (MovieFilterSpec f : filters) {
      for (long user = 1; user <= 943; user += 13) {
        for (boolean seen : new boolean[] {false, true}) {
          assertEquals(
              R.recommend(exact, user, 25, seen, f),
              R.recommend(hnsw, user, 25, seen, f),
              "user " + user + " " + f);
        }
      }
    }
  }

  @Test
  void heavyUserGetsKResults() {
    // User 1 rated 737 of 1,682 movies: a pre-filter, not a post-filter, so all 945 unseen come
    // back.
    assertEquals(
        1682 - 737, R.recommend(hnsw, 1, 1000, false, MovieFilterSpec.NONE).items().size());
    assertEquals(10, R.recommend(hnsw, 1, 10, false, MovieFilterSpec.NONE).items().size());
  }

  @Test
  void indexParamsReported() {
    var p = hnsw.indexParams();
    assertEquals("32", p.get("m"));
    assertEquals("MAXIMUM_INNER_PRODUCT", p.get("similarity"));
    assertEquals(model.modelId(), p.get("index_model_id"));
  }

  @Test
  void smallCataloguesAreScannedExactlyByDefault() throws Exception {
    ServingState s =
        new PairLoader(
                tmp.resolve("model"),
                tmp.resolve("index"),
                new RetrievalOptions(false, 4, 100, MovieIndex.DEFAULT_EXACT_THRESHOLD))
            .call();
    try {
      assertEquals("exact", s.indexParams().get("retrieval"));
      assertEquals("20000", s.indexParams().get("exact_below"));
      assertEquals("32", s.indexParams().get("m"));
      assertEquals(
          R.recommend(exact, 5, 10, false, MovieFilterSpec.NONE),
          R.recommend(s, 5, 10, false, MovieFilterSpec.NONE));
    } finally {
      s.close();
    }
  }

  @Test
  void mismatchedIndexRefused() throws Exception {
    ModelArtifact other = Fixtures.write(tmp.resolve("other"), Fixtures.ml100kShape(12, true));
    IndexException ex =
        assertThrows(
            IndexException.class,
            () ->
                new PairLoader(tmp.resolve("other"), tmp.resolve("index"), RetrievalOptions.HNSW)
                    .call());
    assertTrue(
        ex.getMessage().contains(model.modelId()) && ex.getMessage().contains(other.modelId()),
        ex.getMessage());
    // --exact with an index still checks the pair.
    assertThrows(
        IndexException.class,
        () ->
            new PairLoader(tmp.resolve("other"), tmp.resolve("index"), RetrievalOptions.EXACT)
                .call());
  }

  @Test
  void corruptModelRefused() throws Exception {
    Fixtures.write(tmp.resolve("corrupt"), Fixtures.ml100kShape(11, true));
    Path movies = tmp.resolve("corrupt").resolve("movies.tsv");
    Files.writeString(movies, "x", StandardOpenOption.APPEND);
    ArtifactException ex =
        assertThrows(
            ArtifactException.class,
            () ->
                new PairLoader(tmp.resolve("corrupt"), tmp.resolve("index"), RetrievalOptions.HNSW)
                    .call());
    assertTrue(ex.getMessage().startsWith("corrupt model"), ex.getMessage());
  }

  @Test
  void missingIndexRefused() {
    assertThrows(
        IOException.class,
        () ->
            new PairLoader(tmp.resolve("model"), tmp.resolve("nope"), RetrievalOptions.HNSW)
                .call());
  }
}
