package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.client.EndToEnd.Result;
import dev.marquee.core.testing.SharedData;
import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on the real MovieLens 100K, as a user runs it: {@code bin/demo} trains, indexes and
 * starts the server ({@code --serve}), then the checks call it through {@code bin/client}, the way
 * a script would. Runs in the integration-test phase, after every other module has been packaged.
 */
class EndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  static Path home;
  static Path data;
  static String target;
  static String demoOutput;
  static ProcessHandle server;

  @BeforeAll
  static void runDemo() throws Exception {
    home = EndToEnd.home();
    data = SharedData.ml100kDir().toAbsolutePath();
    int port = EndToEnd.freePort();
    target = "127.0.0.1:" + port;
    Result demo =
        run(
            900,
            "bin/demo",
            "--data",
            data.toString(),
            "--work",
            work.toString(),
            "--port",
            String.valueOf(port),
            "--serve");
    demoOutput = demo.out() + demo.err();
    Matcher m = Pattern.compile("server pid (\\d+)").matcher(demoOutput);
    if (m.find()) {
      server = ProcessHandle.of(Long.parseLong(m.group(1))).orElse(null);
    }
    assertEquals(0, demo.exit(), "bin/demo failed:\n" + demoOutput);
    assertTrue(
        server != null && server.isAlive(),
        "bin/demo --serve should leave the server running:\n" + demoOutput);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server == null) {
      return;
    }
    server.destroy(); // SIGTERM: graceful shutdown
    server.onExit().get(30, TimeUnit.SECONDS);
    assertFalse(server.isAlive(), "server still running after SIGTERM");
  }

  @Test
  void demoPrintsTheAccuracyLineAndBothTables() {
    assertTrue(demoOutput.contains("accuracy: valid RMSE"), demoOutput);
    assertTrue(demoOutput.contains("bin/client recommend --user 42 --k 10"), demoOutput);
    assertTrue(demoOutput.contains("bin/client new-user"), demoOutput);
    assertTrue(demoOutput.contains("kill " + server.pid()), demoOutput);
  }

  @Test
  void user42GetsTenUnseenMoviesInScoreOrderWithinTheRange() throws Exception {
    JsonNode r = json("recommend", "--user", "42", "--k", "10");
    assertFalse(r.get("cold_start").asBoolean());
    JsonNode items = r.get("items");
    assertEquals(10, items.size(), r.toPrettyString());
    Set<Long> seen = ratedBy(42);
    assertFalse(seen.isEmpty());
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode it : items) {
      long movie = it.get("movie_id").asLong();
      assertFalse(seen.contains(movie), "user 42 already rated movie " + movie);
      double p = it.get("predicted_rating").asDouble();
      assertTrue(p >= 0 && p <= 5.5, "predicted rating " + p + " outside y_range 0..5.5");
      double score = it.get("score").asDouble();
      assertTrue(score <= previous, "not sorted by score: " + score + " after " + previous);
      previous = score;
    }
  }

  @Test
  void jsonAndTableShowTheSameMovies() throws Exception {
    JsonNode r = json("recommend", "--user", "42", "--k", "10");
    Result table =
        run(
            60,
            "bin/client",
            "recommend",
            "--target",
            target,
            "--deadline",
            "30s",
            "--user",
            "42",
            "--k",
            "10");
    assertEquals(0, table.exit(), table.out() + table.err());
    List<String> rows =
        table.out().lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\s+.*")).toList();
    assertEquals(10, rows.size(), table.out());
    for (int i = 0; i < 10; i++) {
      JsonNode it = r.get("items").get(i);
      String[] cols = rows.get(i).trim().split("\\s+");
      assertEquals(String.valueOf(i + 1), cols[0], rows.get(i));
      assertEquals(it.get("movie_id").asText(), cols[1], rows.get(i));
      String title = it.get("title").asText();
      assertTrue(
          rows.get(i).contains(title.substring(0, Math.min(12, title.length()))),
          rows.get(i) + " vs " + title);
      assertTrue(
          rows.get(i).contains(String.format("%.2f", it.get("predicted_rating").asDouble())),
          rows.get(i));
    }
  }

  @Test
  void anUnknownUserGetsAColdStartAnswer() throws Exception {
    JsonNode r = json("recommend", "--user", "987654", "--k", "5");
    assertTrue(r.get("cold_start").asBoolean(), r.toPrettyString());
    assertEquals(5, r.get("items").size());
  }

  @Test
  void aNewUserProfileIsAnsweredWithoutItsOwnRatedMovies() throws Exception {
    JsonNode r =
        json(
            "new-user",
            "--age",
            "25",
            "--gender",
            "F",
            "--occupation",
            "student",
            "--rated",
            "50:5,181:5,172:4",
            "--k",
            "10");
    assertEquals(10, r.get("items").size());
    for (JsonNode it : r.get("items")) {
      assertFalse(
          Set.of(50L, 181L, 172L).contains(it.get("movie_id").asLong()), r.toPrettyString());
    }
  }

  /**
   * The HNSW path (forced with {@code --exact-below 0}) against the demo's server, which scans
   * ML-100K exactly: for every one of the 943 users the two answers agree (recall@10 >= 0.99 over
   * all users), neither repeats a movie the user rated, and a genre filter holds on both.
   */
  @Test
  void hnswRetrievalMatchesTheExactPathForEveryUser() throws Exception {
    int port = EndToEnd.freePort();
    Path log = work.resolve("hnsw-server.log");
    Process hnsw =
        EndToEnd.start(
            home,
            log,
            "bin/server",
            "--model",
            work.resolve("model").toString(),
            "--index",
            work.resolve("index").toString(),
            "--port",
            String.valueOf(port),
            "--exact-below",
            "0");
    ManagedChannel exactChannel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    ManagedChannel hnswChannel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      EndToEnd.awaitServing(hnswChannel, hnsw, log);
      var exact = RecommenderGrpc.newBlockingStub(exactChannel);
      var approx = RecommenderGrpc.newBlockingStub(hnswChannel);
      Map<Long, Set<Long>> seen = ratings();
      long found = 0, wanted = 0;
      for (long user = 1; user <= 943; user++) {
        var request = RecommendRequest.newBuilder().setUserId(user).setK(10).build();
        List<Long> a =
            ids(exact.withDeadlineAfter(10, TimeUnit.SECONDS).recommend(request).getItemsList());
        List<Long> b =
            ids(approx.withDeadlineAfter(10, TimeUnit.SECONDS).recommend(request).getItemsList());
        assertEquals(10, a.size(), "user " + user);
        assertEquals(10, b.size(), "user " + user);
        for (long m : b) {
          assertFalse(
              seen.get(user).contains(m),
              "HNSW path returned movie " + m + " already rated by user " + user);
        }
        wanted += a.size();
        found += b.stream().filter(a::contains).count();
      }
      double recall = (double) found / wanted;
      assertTrue(recall >= 0.99, "recall@10 of the HNSW path against exact: " + recall);

      var comedies =
          RecommendRequest.newBuilder()
              .setUserId(42)
              .setK(10)
              .setFilter(MovieFilter.newBuilder().addGenres("Comedy").setMinYear(1990))
              .build();
      for (var stub : List.of(exact, approx)) {
        var items = stub.withDeadlineAfter(10, TimeUnit.SECONDS).recommend(comedies).getItemsList();
        assertEquals(10, items.size());
        for (var it : items) {
          assertTrue(it.getGenresList().contains("Comedy") && it.getYear() >= 1990, it.toString());
        }
      }
    } finally {
      exactChannel.shutdownNow();
      hnswChannel.shutdownNow();
      EndToEnd.stop(hnsw, "HNSW server");
    }
  }

  private static List<Long> ids(List<RecommendedMovie> items) {
    return items.stream().map(RecommendedMovie::getMovieId).toList();
  }

  private static JsonNode json(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bin/client"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--target", target, "--json", "--deadline", "30s"));
    Result r = run(60, cmd.toArray(String[]::new));
    assertEquals(0, r.exit(), String.join(" ", cmd) + " failed:\n" + r.out() + r.err());
    return JSON.readTree(r.out());
  }

  private static Set<Long> ratedBy(long user) throws IOException {
    return ratings().getOrDefault(user, Set.of());
  }

  /** Every user's rated movies, straight from u.data. */
  private static Map<Long, Set<Long>> ratings() throws IOException {
    return EndToEnd.moviesByUser(data.resolve("u.data"), Float.NEGATIVE_INFINITY);
  }

  /** Runs a command from the project root with a time limit. */
  private static Result run(int seconds, String... cmd) throws Exception {
    return EndToEnd.run(home, work, seconds, cmd);
  }
}
