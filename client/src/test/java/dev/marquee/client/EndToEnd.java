package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the end-to-end tests ({@link EndToEndIT}, {@link ServedRecallIT}) share: where the project
 * is, running the {@code bin/} launchers from its root, and starting, awaiting and stopping a
 * server (MovieLens 100K comes from core's {@code SharedData}).
 */
final class EndToEnd {
  private EndToEnd() {}

  /** The project root: the launchers run from here (Failsafe sets marquee.home). */
  static Path home() {
    return Path.of(System.getProperty("marquee.home", "..")).toAbsolutePath().normalize();
  }

  /** A port nobody listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  record Result(int exit, String out, String err) {}

  /**
   * Runs a command from {@code home} with a time limit; its output is kept in files under {@code
   * work}.
   */
  static Result run(Path home, Path work, int seconds, String... cmd) throws Exception {
    Path out = Files.createTempFile(work, "out", ".log"),
        err = Files.createTempFile(work, "err", ".log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(home.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail(
          String.join(" ", cmd)
              + " did not finish in "
              + seconds
              + " s:\n"
              + Files.readString(out)
              + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** {@link #run} that fails with the command's output unless it exits with 0. */
  static Result runOk(Path home, Path work, int seconds, String... cmd) throws Exception {
    Result r = run(home, work, seconds, cmd);
    if (r.exit() != 0) {
      fail(String.join(" ", cmd) + " exited with " + r.exit() + ":\n" + r.out() + r.err());
    }
    return r;
  }

  /**
   * Starts a long-running command (a server) from {@code home}, its output going to {@code log}.
   */
  static Process start(Path home, Path log, String... cmd) throws IOException {
    return new ProcessBuilder(cmd)
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Waits up to 120 s for grpc health to say SERVING; fails early when the server exits. */
  static void awaitServing(ManagedChannel channel, Process server, Path log) throws Exception {
    var health = HealthGrpc.newBlockingStub(channel);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < until) {
      if (!server.isAlive()) {
        fail("server exited with " + server.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        var status =
            health
                .withDeadlineAfter(1, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus();
        if (status == HealthCheckResponse.ServingStatus.SERVING) {
          return;
        }
      } catch (StatusRuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    fail("server not SERVING within 120 s:\n" + Files.readString(log));
  }

  /**
   * SIGTERM (graceful shutdown), then waits up to 30 s; kills it and fails if it is still running.
   */
  static void stop(Process server, String what) throws InterruptedException {
    if (server == null) {
      return;
    }
    server.destroy();
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly();
      fail(what + " did not stop within 30 s of SIGTERM");
    }
  }

  /**
   * Each user's movies from a MovieLens 100K ratings file (u.data, u1.base, u1.test: user, movie,
   * rating, timestamp, tab-separated), keeping ratings of at least {@code minRating}; users with
   * none are left out.
   */
  static Map<Long, Set<Long>> moviesByUser(Path file, float minRating) throws IOException {
    Map<Long, Set<Long>> byUser = new HashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    for (String line : lines) {
      String[] f = line.split("\t");
      if (Float.parseFloat(f[2]) >= minRating) {
        byUser
            .computeIfAbsent(Long.parseLong(f[0]), u -> new HashSet<>())
            .add(Long.parseLong(f[1]));
      }
    }
    return byUser;
  }
}
