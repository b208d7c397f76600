package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.events.EventLog;
import dev.marquee.core.events.RatingEvent;
import dev.marquee.core.testing.CliRun;
import dev.marquee.indexer.IndexBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/server refusals: one line naming the reason, and a distinct exit code. */
class CliTest {
  @TempDir static Path tmp;

  @BeforeAll
  static void build() throws Exception {
    var a = Fixtures.write(tmp.resolve("model"), Fixtures.generate(1, 50, 200, 8, true));
    IndexBuilder.build(a, tmp.resolve("index"), IndexBuilder.Options.defaults().withThreads(1));
    Fixtures.write(tmp.resolve("other"), Fixtures.generate(2, 50, 200, 8, true));
  }

  static CliRun run(String... args) {
    return CliRun.of(new ServerCli(), args);
  }

  @Test
  void refusesMismatchedIndex() {
    CliRun r =
        run(
            "--model",
            tmp.resolve("other").toString(),
            "--index",
            tmp.resolve("index").toString(),
            "--port",
            "0");
    assertEquals(ExitCode.INDEX.code(), r.code(), r.toString());
    assertTrue(
        r.err().startsWith("error: index ") && r.err().contains("was built from model"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void refusesCorruptIndex() throws Exception {
    String vec = Fixtures.corruptIndexCopy(tmp.resolve("index"), tmp.resolve("corrupt"));
    CliRun r =
        run(
            "--model",
            tmp.resolve("model").toString(),
            "--index",
            tmp.resolve("corrupt").toString(),
            "--port",
            "0");
    assertEquals(ExitCode.INDEX.code(), r.code(), r.toString());
    assertTrue(
        r.err()
            .startsWith(
                "error: corrupt index "
                    + tmp.resolve("corrupt")
                    + ": "
                    + vec
                    + " fails its checksum"),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void refusesMissingModel() {
    CliRun r = run("--model", tmp.resolve("nope").toString(), "--exact", "--port", "0");
    assertEquals(ExitCode.MODEL.code(), r.code(), r.toString());
    assertEquals(
        "error: model directory "
            + tmp.resolve("nope")
            + " does not exist"
            + System.lineSeparator(),
        r.err());
  }

  @Test
  void refusesTakenPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun r =
          run(
              "--model",
              tmp.resolve("model").toString(),
              "--index",
              tmp.resolve("index").toString(),
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--no-watch");
      assertEquals(ExitCode.IO.code(), r.code(), r.toString());
      assertTrue(
          r.err().startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }

  @Test
  void refusesAnEventLogCorruptBeforeItsTailWithExitThree() throws Exception {
    Path events = tmp.resolve("events");
    long second;
    try (EventLog log =
        EventLog.open(events, EventLog.Options.defaults(), new EventLog.Listener() {})) {
      log.append("a", 1, List.of(new RatingEvent.MovieRating(1, 5f)));
      second = Files.size(events.resolve("00000000000000000001.events"));
      log.append("b", 1, List.of(new RatingEvent.MovieRating(2, 5f)));
      log.append("c", 1, List.of(new RatingEvent.MovieRating(3, 5f)));
    }
    Path seg = events.resolve("00000000000000000001.events");
    byte[] b = Files.readAllBytes(seg);
    b[(int) second + 20] ^= 1;
    Files.write(seg, b);
    CliRun r =
        run(
            "--model",
            tmp.resolve("model").toString(),
            "--exact",
            "--port",
            "0",
            "--events",
            events.toString());
    assertEquals(ExitCode.DATA.code(), r.code(), r.toString());
    assertTrue(
        r.err()
            .startsWith(
                "error: --events "
                    + events
                    + ": corrupt event log: "
                    + seg
                    + " at offset "
                    + second),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("--log-repair"), r.err());
  }

  private static long flushThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("marquee-event-flush"))
        .count();
  }

  @Test
  void refusesTakenOrInvalidHttpPort() throws Exception {
    // The event log is opened before the ports: a start that fails at the web page's port must
    // close it (its flush thread gone), as a failure at any later step of the start would.
    long flushThreads = flushThreads();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun r =
          run(
              "--model",
              tmp.resolve("model").toString(),
              "--exact",
              "--port",
              "0",
              "--events",
              tmp.resolve("events-of-a-failed-start").toString(),
              "--http-port",
              Integer.toString(taken.getLocalPort()),
              "--no-watch");
      assertEquals(ExitCode.IO.code(), r.code(), r.toString());
      assertTrue(
          r.err()
              .startsWith(
                  "error: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (--http-port)"),
          r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
    assertEquals(flushThreads, flushThreads(), "event log flush threads left running");
    CliRun bad = run("--model", tmp.resolve("model").toString(), "--exact", "--http-port", "70000");
    assertEquals(2, bad.code());
    assertTrue(
        bad.err().startsWith("--http-port must be in [0, 65535]; --http-port=70000"), bad.err());
  }

  @Test
  void usageErrors() {
    CliRun r = run("--model", tmp.resolve("model").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--index is required unless --exact"), r.err());
    CliRun k = run("--model", tmp.resolve("model").toString(), "--exact", "--oversample", "0");
    assertEquals(2, k.code());
    assertTrue(k.err().contains("oversample=0"), k.err());
    CliRun t = run("--model", tmp.resolve("model").toString(), "--exact", "--threads", "-1");
    assertEquals(2, t.code());
    assertTrue(t.err().startsWith("--threads must be >= 0; --threads=-1"), t.err());
    CliRun ro = run("--model", tmp.resolve("model").toString(), "--exact", "--read-only");
    assertEquals(2, ro.code());
    assertTrue(ro.err().startsWith("--read-only needs --events DIR"), ro.err());
  }

  @Test
  void exposureFlagsAreChecked() throws Exception {
    String m = tmp.resolve("model").toString();
    CliRun open = run("--model", m, "--exact", "--host", "0.0.0.0", "--port", "0");
    assertEquals(ExitCode.USAGE.code(), open.code(), open.toString());
    assertTrue(
        open.err().startsWith("--host 0.0.0.0 is reachable beyond this machine: give --tls-cert"),
        open.err());
    CliRun half = run("--model", m, "--exact", "--tls-cert", "x.pem", "--port", "0");
    assertEquals(ExitCode.USAGE.code(), half.code());
    assertTrue(half.err().startsWith("--tls-cert and --tls-key go together"), half.err());
    java.nio.file.Files.writeString(tmp.resolve("junk.pem"), "junk\n");
    CliRun junk =
        run(
            "--model",
            m,
            "--exact",
            "--port",
            "0",
            "--tls-cert",
            tmp.resolve("junk.pem").toString(),
            "--tls-key",
            tmp.resolve("junk.pem").toString());
    assertEquals(ExitCode.USAGE.code(), junk.code(), junk.toString());
    assertTrue(
        junk.err().startsWith("cannot use --tls-cert " + tmp.resolve("junk.pem")), junk.err());
    CliRun health = run("--model", m, "--exact", "--public-health", "--port", "0");
    assertEquals(ExitCode.USAGE.code(), health.code());
    assertTrue(health.err().startsWith("--public-health and --reflection authenticated need"));
    java.nio.file.Files.writeString(tmp.resolve("bad-tokens"), "alice:1234\n");
    CliRun tokens =
        run("--model", m, "--exact", "--auth-tokens", tmp.resolve("bad-tokens").toString());
    assertEquals(ExitCode.USAGE.code(), tokens.code());
    assertTrue(
        tokens.err().startsWith("--auth-tokens: " + tmp.resolve("bad-tokens") + ":1: expected"),
        tokens.err());
  }

  @Test
  void helpListsTheSharedExitCodes() {
    String help = run("--help").out();
    for (ExitCode c :
        new ExitCode[] {ExitCode.OK, ExitCode.USAGE, ExitCode.MODEL, ExitCode.INDEX, ExitCode.IO}) {
      assertTrue(
          help.contains(String.format("%n%4d   %s%n", c.code(), c.meaning())), c + " in\n" + help);
    }
  }
}
