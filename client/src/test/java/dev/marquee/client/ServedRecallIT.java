package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.testing.SharedData;
import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.ModelInfo;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recall the trainer reports is the recall users get. One model is trained on MovieLens 100K's
 * u1.base alone (a dataset directory whose u.data is u1.base, so the model's rating log, which the
 * server excludes from recommendations, is u1.base); {@code bin/trainer evaluate --split u1} gives
 * its Recall@10 on u1.test; then the model is indexed and served, and Recall@10 is recomputed from
 * what Recommend(user, k = 10) actually returns to every u1.test user with a rating >= 4. The exact
 * path must reproduce the evaluator's number, the HNSW path ({@code --exact-below 0}) come close.
 */
class ServedRecallIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Ratings at least this high in u1.test are the relevant movies (the evaluator's threshold). */
  static final float RELEVANT = 4f;

  static final int K = 10;

  @TempDir static Path work;
  static Path home;
  static Path model;
  static Path index;
  static double evaluatedRecall;

  /** u1.base: what each user rated in training, never to be recommended back. */
  static Map<Long, Set<Long>> seen;

  /** u1.test ratings >= 4, by user (sorted, so the calls go in user order). */
  static Map<Long, Set<Long>> relevant;

  @BeforeAll
  static void trainEvaluateAndIndex() throws Exception {
    home = EndToEnd.home();
    Path full = SharedData.ml100kDir().toAbsolutePath();
    Path u1 = Files.createDirectories(work.resolve("ml-100k-u1-base"));
    Files.copy(full.resolve("u1.base"), u1.resolve("u.data"));
    for (String f :
        List.of(
            "u.item",
            "u.user",
            "u.genre",
            "u.occupation")) { // what MovieLensReader needs beside u.data
      Files.copy(full.resolve(f), u1.resolve(f));
    }
    model = work.resolve("model");
    index = work.resolve("index");
    EndToEnd.runOk(
        home,
        work,
        600,
        "bin/trainer",
        "train",
        "--data",
        u1.toString(),
        "--split",
        "none",
        "--out",
        model.toString());

    Path metrics = work.resolve("eval.json");
    EndToEnd.runOk(
        home,
        work,
        300,
        "bin/trainer",
        "evaluate",
        "--model",
        model.toString(),
        "--data",
        full.toString(),
        "--split",
        "u1",
        "--metrics-json",
        metrics.toString());
    JsonNode m = JSON.readTree(metrics.toFile());
    assertEquals("u1", m.path("split").asText(), m.toPrettyString());
    evaluatedRecall = m.path("recall_at_10").asDouble(Double.NaN);
    assertTrue(
        evaluatedRecall > 0 && evaluatedRecall < 1,
        "recall_at_10 in " + metrics + ": " + m.toPrettyString());

    EndToEnd.runOk(
        home,
        work,
        300,
        "bin/indexer",
        "build",
        "--model",
        model.toString(),
        "--index",
        index.toString());

    seen = EndToEnd.moviesByUser(full.resolve("u1.base"), Float.NEGATIVE_INFINITY);
    relevant = new TreeMap<>(EndToEnd.moviesByUser(full.resolve("u1.test"), RELEVANT));
    // The evaluator ranks exactly the users this test asks the server about.
    assertEquals(
        relevant.size(),
        m.path("ranked_users").asInt(),
        "users with a u1.test rating >= 4 vs the evaluator's ranked_users");
  }

  @Test
  void theExactPathServesTheEvaluatedRecall() throws Exception {
    double served = servedRecall("exact", "exact");
    System.out.printf(
        "Recall@10 on u1.test: served (exact path) %.5f, evaluated %.5f, difference %+.5f%n",
        served, evaluatedRecall, served - evaluatedRecall);
    assertEquals(
        evaluatedRecall, served, 0.005, "served Recall@10 (exact path) vs bin/trainer evaluate");
  }

  @Test
  void theHnswPathServesCloseToTheEvaluatedRecall() throws Exception {
    double served = servedRecall("hnsw", "hnsw", "--exact-below", "0");
    System.out.printf(
        "Recall@10 on u1.test: served (HNSW path) %.5f, evaluated %.5f, difference %+.5f%n",
        served, evaluatedRecall, served - evaluatedRecall);
    assertEquals(
        evaluatedRecall,
        served,
        0.01,
        "served Recall@10 (HNSW path, --exact-below 0) vs bin/trainer evaluate");
  }

  /**
   * Starts {@code bin/server} on the model and index (plus {@code serverArgs}), asks it for every
   * relevant user's top 10, checks each list (10 movies, none rated in u1.base, not a cold start)
   * and returns the mean of hits / relevant over those users; stops the server in any case.
   *
   * @param retrieval the retrieval GetModelInfo must report ("exact" or "hnsw")
   */
  private static double servedRecall(String name, String retrieval, String... serverArgs)
      throws Exception {
    int port = EndToEnd.freePort();
    Path log = work.resolve(name + "-server.log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bin/server",
                "--model",
                model.toString(),
                "--index",
                index.toString(),
                "--port",
                String.valueOf(port),
                "--host",
                "127.0.0.1"));
    cmd.addAll(List.of(serverArgs));
    Process server = EndToEnd.start(home, log, cmd.toArray(String[]::new));
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      EndToEnd.awaitServing(channel, server, log);
      var stub = RecommenderGrpc.newBlockingStub(channel);
      ModelInfo info =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .getModelInfo(GetModelInfoRequest.getDefaultInstance());
      assertEquals(retrieval, info.getIndexParamsOrDefault("retrieval", ""), name + ": " + info);
      // The rating log the server excludes from recommendations is u1.base (80,000 ratings), not
      // u.data.
      assertEquals(
          seen.values().stream().mapToLong(Set::size).sum(), info.getRatings(), name + ": " + info);
      double sum = 0;
      for (var e : relevant.entrySet()) {
        long user = e.getKey();
        RecommendResponse r =
            stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .recommend(RecommendRequest.newBuilder().setUserId(user).setK(K).build());
        assertFalse(r.getColdStart(), name + ": user " + user + " is a user of the model");
        List<Long> ids = r.getItemsList().stream().map(RecommendedMovie::getMovieId).toList();
        assertEquals(K, ids.size(), name + ": user " + user + " got " + ids);
        assertEquals(
            K, new HashSet<>(ids).size(), name + ": user " + user + " got a movie twice: " + ids);
        Set<Long> rated = seen.getOrDefault(user, Set.of());
        int hits = 0;
        for (long movie : ids) {
          assertFalse(
              rated.contains(movie),
              name
                  + ": user "
                  + user
                  + " rated movie "
                  + movie
                  + " in u1.base, yet it was recommended: "
                  + ids);
          hits += e.getValue().contains(movie) ? 1 : 0;
        }
        sum += (double) hits / e.getValue().size();
      }
      return sum / relevant.size();
    } finally {
      channel.shutdownNow();
      EndToEnd.stop(server, name + " server");
    }
  }
}
