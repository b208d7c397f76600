package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each failure class: one stderr line and its own exit code. */
class ErrorsTest {
  @RegisterExtension final Harness h = new Harness();

  @Test
  void invalidArgumentPrintsServerMessage() {
    CliRun r = h.run("recommend", "--user", "0");
    assertEquals(ExitCode.INVALID_ARGUMENT.code(), r.code(), r::toString);
    assertEquals("invalid argument: user_id must be >= 1; user_id=0\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void notFound() {
    CliRun r = h.run("similar", "--movie", "404");
    assertEquals(ExitCode.NOT_FOUND.code(), r.code(), r::toString);
    assertEquals("not found: unknown movie_id 404\n", r.err());
  }

  @Test
  void deadlineExceeded() {
    long t0 = System.nanoTime();
    CliRun r =
        h.run("predict", "--user", "7", "--movie", "1", "--deadline", "100ms", "--target", "h:1");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(ExitCode.DEADLINE.code(), r.code(), r::toString);
    assertEquals(
        "deadline exceeded: no answer from h:1 within 100ms (raise --deadline)\n", r.err());
    assertTrue(ms < FakeRecommender.SLOW_MS, "gave up at the deadline, took " + ms + " ms");
  }

  @Test
  void unavailableFromServer() {
    h.fake.failEvery = 1;
    CliRun r = h.run("info", "--target", "h:1");
    assertEquals(ExitCode.UNAVAILABLE.code(), r.code(), r::toString);
    assertEquals("server at h:1 is unavailable: fake: every 1th call fails\n", r.err());
  }

  @Test
  void usageErrorsExit2WithHelp() {
    CliRun missing = h.run("recommend");
    assertEquals(2, missing.code(), missing::toString);
    assertTrue(missing.err().contains("Missing required option: '--user=ID'"), missing.err());
    assertTrue(missing.err().contains("Usage: client recommend"), missing.err());

    CliRun k = h.run("recommend", "--user", "1", "--k", "0");
    assertEquals(2, k.code(), k::toString);
    assertTrue(k.err().contains("--k must be in [1, 1000]; k=0"), k.err());

    CliRun deadline = h.run("info", "--deadline", "soon");
    assertEquals(2, deadline.code());
    assertTrue(deadline.err().contains("'soon' is not a duration"), deadline.err());

    CliRun years = h.run("recommend", "--user", "1", "--min-year", "2000", "--max-year", "1990");
    assertEquals(2, years.code());
    assertTrue(years.err().contains("--min-year must not be after --max-year"), years.err());

    for (String bad : new String[] {"a b", "localhost", "127.0.0.1:99999", "host:0", ":50051"}) {
      CliRun target = h.run("info", "--target", bad);
      assertEquals(2, target.code(), target::toString);
      assertTrue(
          target.err().startsWith("--target must be HOST:PORT with a port in 1..65535"),
          target.err());
      assertTrue(target.err().contains("target=" + bad + "\n"), target.err());
    }
    assertEquals(2, h.run("bench", "-n", "1", "--target", "nope").code());

    CliRun none = h.run();
    assertEquals(2, none.code());
    assertTrue(none.err().contains("Missing required subcommand"), none.err());
    assertTrue(none.err().contains("Usage: client"), none.err());

    CliRun unknown = h.run("frobnicate");
    assertEquals(2, unknown.code());
    assertTrue(h.fake.requests.isEmpty(), "no usage error reaches the server");

    for (String good :
        new String[] {
          "localhost:50051", "[::1]:50051", "dns:///localhost:50051", "my-host.example:1"
        }) {
      assertEquals(0, h.run("info", "--target", good).code(), good);
    }
  }

  /** The line a help's "Exit codes:" section gives {@code c}. */
  private static String line(ExitCode c) {
    return String.format("%n%4d   %s%n", c.code(), c.meaning());
  }

  @Test
  void helpListsExitCodesFromTheTable() {
    ExitCode[] calls = {
      ExitCode.UNAVAILABLE, ExitCode.DEADLINE, ExitCode.INVALID_ARGUMENT, ExitCode.NOT_FOUND
    };
    CliRun r = h.run("recommend", "--help");
    assertEquals(0, r.code());
    for (ExitCode c : calls) {
      assertTrue(r.out().contains(line(c)), "help lists " + c + ":\n" + r.out());
    }
    assertFalse(
        r.out().contains(ExitCode.NOT_SERVING.meaning()),
        "only health can say not serving:\n" + r.out());
    assertTrue(h.run("health", "--help").out().contains(line(ExitCode.NOT_SERVING)));
    String top = h.run("--help").out();
    for (ExitCode c : new ExitCode[] {ExitCode.CHECK, ExitCode.UNAVAILABLE, ExitCode.NOT_SERVING}) {
      assertTrue(top.contains(line(c)), "top-level help lists " + c + ":\n" + top);
    }
  }
}
