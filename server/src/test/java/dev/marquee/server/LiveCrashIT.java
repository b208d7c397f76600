package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.marquee.core.events.EventLog;
import dev.marquee.core.events.RatingEvent;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.Prediction;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RateMoviesRequest;
import dev.marquee.proto.v1.RateMoviesResponse;
import dev.marquee.proto.v1.RecommenderGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: 8 writers send RateMovies to a real server process that is killed
 * with SIGKILL at random moments 10 times and restarted. A writer whose call fails retries the same
 * request (same request id) until it is acknowledged, across restarts. Afterwards the log holds
 * every acknowledged request exactly once, with its content and acknowledged sequence number, and
 * the server reports each (user, movie)'s last acknowledged rating as the actual rating.
 */
class LiveCrashIT {
  private static final int WRITERS = 8;
  private static final int KILLS = 10;
  private static final int USERS = 200;
  private static final int MOVIES = 500;

  @TempDir Path tmp;

  /** An acknowledged request and its answer. */
  record Acked(RateMoviesRequest request, RateMoviesResponse response) {}

  @Test
  void everyAcknowledgedRatingSurvivesSigkillAndNoneIsAppliedTwice() throws Exception {
    long seed = Long.getLong("marquee.seed", System.nanoTime());
    System.out.println("LiveCrashIT seed " + seed + " (replay: -Dmarquee.seed=" + seed + ")");
    Random random = new Random(seed);
    Path model = tmp.resolve("model");
    Fixtures.write(model, Fixtures.generate(11, USERS, MOVIES, 16, true));
    Path events = tmp.resolve("events");
    AtomicReference<ManagedChannel> channel = new AtomicReference<>();
    Map<String, Acked> acked = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      long writerSeed = random.nextLong();
      int id = w;
      writers.add(
          Thread.ofPlatform()
              .name("writer-" + w)
              .start(() -> write(id, new Random(writerSeed), channel, acked, stop)));
    }
    Process server = null;
    int seenDuplicates = 0;
    try {
      for (int round = 0; round <= KILLS; round++) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        Path log = tmp.resolve("server-" + round + ".log");
        server = start(model, events, port, log);
        ManagedChannel ch =
            ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        awaitServing(ch, server, log);
        ManagedChannel old = channel.getAndSet(ch);
        if (old != null) {
          old.shutdownNow();
        }
        if (round == KILLS) {
          break;
        }
        Thread.sleep(200 + random.nextInt(1300));
        server.destroyForcibly(); // SIGKILL
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "killed server did not exit");
      }
      // Let every writer finish its pending retry on the last server, then stop.
      Thread.sleep(500);
      stop.set(true);
      for (Thread t : writers) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!t.isAlive(), t.getName() + " did not stop");
      }
      for (Acked a : acked.values()) {
        seenDuplicates += a.response().getDuplicate() ? 1 : 0;
      }
      assertTrue(acked.size() > 50, "too few acknowledged calls to mean anything: " + acked.size());
      checkLog(events, acked);
      checkServed(channel.get(), acked);
      System.out.println(
          "LiveCrashIT: "
              + acked.size()
              + " requests acknowledged over "
              + KILLS
              + " SIGKILLs, "
              + seenDuplicates
              + " answered as retries of a request already on disk");
    } finally {
      stop.set(true);
      if (channel.get() != null) {
        channel.get().shutdownNow();
      }
      if (server != null) {
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** One writer: distinct request ids; a failed call is retried with the same id until acked. */
  private static void write(
      int id,
      Random random,
      AtomicReference<ManagedChannel> channel,
      Map<String, Acked> acked,
      AtomicBoolean stop) {
    RateMoviesRequest pending = null;
    for (int n = 0; ; ) {
      if (pending == null) {
        if (stop.get()) {
          return;
        }
        RateMoviesRequest.Builder b =
            RateMoviesRequest.newBuilder()
                .setUserId(1 + random.nextInt(USERS))
                .setRequestId("w" + id + "-" + n++);
        Set<Long> movies = new HashSet<>();
        int count = 1 + random.nextInt(3);
        while (movies.size() < count) {
          long m = 1 + random.nextInt(MOVIES);
          if (movies.add(m)) {
            b.addRatings(ProfileRating.newBuilder().setMovieId(m).setRating(1 + random.nextInt(5)));
          }
        }
        pending = b.build();
      }
      ManagedChannel ch = channel.get();
      if (ch == null) {
        sleep(50);
        continue;
      }
      try {
        RateMoviesResponse r =
            RecommenderGrpc.newBlockingStub(ch)
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .rateMovies(pending);
        acked.put(pending.getRequestId(), new Acked(pending, r));
        pending = null;
      } catch (StatusRuntimeException ex) {
        sleep(50); // killed or restarting: the same request again
      }
    }
  }

  private static void checkLog(Path events, Map<String, Acked> acked) throws Exception {
    Map<String, RatingEvent> byId = new HashMap<>();
    List<String> twice = new ArrayList<>();
    EventLog.read(
        events,
        0,
        e -> {
          if (byId.put(e.requestId(), e) != null) {
            twice.add(e.requestId());
          }
        },
        line -> {});
    assertEquals(List.of(), twice, "request ids applied twice");
    assertEquals(acked.keySet(), byId.keySet(), "the log holds exactly the acknowledged requests");
    for (Acked a : acked.values()) {
      RatingEvent e = byId.get(a.request().getRequestId());
      assertEquals(a.response().getSeq(), e.seq(), a.request().getRequestId());
      assertEquals(a.request().getUserId(), e.userId());
      assertEquals(a.request().getRatingsCount(), e.ratings().size());
      assertEquals(a.request().getRatingsCount(), a.response().getCount());
      for (int j = 0; j < e.ratings().size(); j++) {
        assertEquals(a.request().getRatings(j).getMovieId(), e.ratings().get(j).movieId());
        assertEquals(a.request().getRatings(j).getRating(), e.ratings().get(j).rating());
      }
    }
  }

  /** PredictRatings' actual rating is the last acknowledged rating of each (user, movie). */
  private static void checkServed(ManagedChannel ch, Map<String, Acked> acked) {
    Map<Long, Map<Long, float[]>> last = new HashMap<>(); // user -> movie -> {seq, rating}
    for (Acked a : acked.values()) {
      for (ProfileRating r : a.request().getRatingsList()) {
        float[] cur =
            last.computeIfAbsent(a.request().getUserId(), u -> new HashMap<>()).get(r.getMovieId());
        if (cur == null || cur[0] < a.response().getSeq()) {
          last.get(a.request().getUserId())
              .put(r.getMovieId(), new float[] {a.response().getSeq(), r.getRating()});
        }
      }
    }
    var stub = RecommenderGrpc.newBlockingStub(ch);
    int checked = 0;
    for (var user : last.entrySet()) {
      List<Long> movies = new ArrayList<>(user.getValue().keySet());
      var answer =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .predictRatings(
                  PredictRatingsRequest.newBuilder()
                      .setUserId(user.getKey())
                      .addAllMovieIds(movies)
                      .build());
      for (int j = 0; j < movies.size(); j++) {
        Prediction p = answer.getPredictions(j);
        assertEquals(
            user.getValue().get(movies.get(j))[1],
            p.getActualRating(),
            "user " + user.getKey() + ", movie " + movies.get(j));
        checked++;
      }
    }
    assertTrue(checked > 0);
  }

  private static Process start(Path model, Path events, int port, Path log) throws Exception {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            ServerCli.class.getName(),
            "--model",
            model.toString(),
            "--exact",
            "--port",
            Integer.toString(port),
            "--events",
            events.toString(),
            "--no-watch",
            "--threads",
            "4");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitServing(ManagedChannel ch, Process server, Path log) throws Exception {
    var health = HealthGrpc.newBlockingStub(ch);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until) {
      if (!server.isAlive()) {
        fail("server exited with " + server.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        if (health
                .withDeadlineAfter(1, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus()
            == HealthCheckResponse.ServingStatus.SERVING) {
          return;
        }
      } catch (StatusRuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    fail("server not SERVING within 60 s:\n" + Files.readString(log));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
