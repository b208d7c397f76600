package dev.marquee.server.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.MovieInfo;
import dev.marquee.core.MovieSet;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import dev.marquee.indexer.SyntheticArtifacts;
import dev.marquee.indexer.opensearch.ClusterConfig;
import dev.marquee.indexer.opensearch.OpenSearchIndexInfo;
import dev.marquee.server.MovieCatalogue;
import dev.marquee.server.MovieFilterSpec;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.ServerCli;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch._types.FieldValue;

/**
 * What the OpenSearch retriever sends, and the server's refusals that need no cluster: the request
 * is checked as JSON, the cluster-backed behaviour in {@code OpenSearchClusterIT}.
 */
class OpenSearchRetrieverTest {
  @TempDir Path tmp;

  /** Rows 0..4: comedy 1990, drama 1985, comedy|drama 2001, comedy (unknown year), drama 1999. */
  static final List<MovieInfo> MOVIES =
      List.of(
          new MovieInfo(10, "a", 1990, List.of("Comedy")),
          new MovieInfo(11, "b", 1985, List.of("Drama")),
          new MovieInfo(12, "c", 2001, List.of("Comedy", "Drama")),
          new MovieInfo(13, "d", 0, List.of("Comedy")),
          new MovieInfo(14, "e", 1999, List.of("Drama")));

  static OpenSearchRetriever retriever() {
    ClusterConfig nowhere =
        new ClusterConfig(List.of(URI.create("http://127.0.0.1:1")), "", "", 1000);
    return new OpenSearchRetriever(
        new OpenSearchAsyncClient(nowhere.connect()._transport()),
        nowhere.describe(),
        "movies",
        new OpenSearchIndexInfo("movies-x-1", "x", 3, MOVIES.size(), 32, 200, 1),
        new MovieCatalogue(MOVIES),
        RetrievalOptions.HNSW,
        1000,
        () -> {
          throw new AssertionError("no exact fallback expected");
        });
  }

  @Test
  void excludesTheFiltersMoviesTheCallerRemovedAndNothingElse() {
    MovieFilterSpec comedy = new MovieFilterSpec(List.of("Comedy"), 0, 0);
    MovieSet allowed = new MovieCatalogue(MOVIES).allowed(comedy); // rows 0, 2, 3
    allowed.remove(2); // seen
    assertEquals(List.of(2L), rows(retriever().excluded(allowed, comedy)));
    MovieSet all = MovieSet.allExcept(MOVIES.size(), new int[] {1, 4});
    assertEquals(List.of(1L, 4L), rows(retriever().excluded(all, MovieFilterSpec.NONE)));
  }

  @Test
  void theFilterAndTheExclusionGoInsideTheKnnClause() {
    String json =
        retriever()
            .request(
                new float[] {0.5f, -1f},
                40,
                new MovieFilterSpec(List.of("Comedy", "Drama"), 1980, 1998),
                List.of(FieldValue.of(2), FieldValue.of(4)))
            .toJsonString();
    String knn =
        "\"query\":{\"knn\":{\"vector\":{\"filter\":{\"bool\":{\"filter\":[{\"terms\":{\"genre\":"
            + "[\"Comedy\",\"Drama\"]}},{\"range\":{\"year\":{\"gte\":1980,\"lte\":1998}}}],"
            + "\"must_not\":[{\"terms\":{\"movie_index\":[2,4]}}]}},\"k\":40,"
            + "\"vector\":[0.5,-1.0,1.0]}}}";
    assertTrue(json.contains(knn), json);
    assertTrue(json.contains("\"size\":40") && json.contains("\"_source\":false"), json);
  }

  @Test
  void noFilterNoExclusionMeansAPlainKnnQuery() {
    String json =
        retriever().request(new float[] {1f}, 100, MovieFilterSpec.NONE, List.of()).toJsonString();
    assertTrue(json.contains("{\"knn\":{\"vector\":{\"k\":100,\"vector\":[1.0,1.0]}}}"), json);
  }

  @Test
  void serverRefusesBadFlagsAndAnUnreachableCluster() throws Exception {
    Path model = tmp.resolve("model");
    SyntheticArtifacts.write(model, 20, 5, 4, 1);
    String[][] usage = {
      {"--backend", "opensearch"},
      {"--backend", "opensearch", "--opensearch", "ftp://x:1"},
      {"--backend", "opensearch", "--opensearch", "http://127.0.0.1:1", "--index-name", "Bad!"},
      {"--backend", "opensearch", "--opensearch", "http://127.0.0.1:1", "--exact"},
      {"--backend", "elastic"},
    };
    for (String[] args : usage) {
      CliRun r = run(model, args);
      assertEquals(ExitCode.USAGE.code(), r.code(), r.toString());
    }
    CliRun r =
        run(
            model,
            "--backend",
            "opensearch",
            "--opensearch",
            "http://127.0.0.1:1",
            "--index-name",
            "m");
    assertEquals(ExitCode.BACKEND.code(), r.code(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.toString());
    assertTrue(r.err().startsWith("error: cannot reach OpenSearch at http://127.0.0.1:1"), r.err());
  }

  static List<Long> rows(List<FieldValue> values) {
    return values.stream().map(FieldValue::longValue).toList();
  }

  static CliRun run(Path model, String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--model";
    all[1] = model.toString();
    all[2] = "--port";
    all[3] = "0";
    System.arraycopy(args, 0, all, 4, args.length);
    return CliRun.of(new ServerCli(), all);
  }
}
