package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.RecommendRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The load generator against the in-process fake: exact counts, errors by code, pacing, output. */
class BenchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension final Harness h = new Harness();

  @Test
  void countsExactlyNAndReportsErrorsByCode() throws Exception {
    h.fake.failEvery = 5;
    CliRun r = h.run("bench", "-n", "100", "-c", "8", "--json", "--users", "1-5,20");
    assertEquals(ExitCode.CHECK.code(), r.code(), r::toString);
    assertEquals("20 of 100 calls failed: {OK=80, UNAVAILABLE=20}\n", r.err());
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(100, doc.get("count").asLong());
    assertEquals(20, doc.get("errors").asLong());
    assertEquals(80, doc.get("status_codes").get("OK").asLong());
    assertEquals(20, doc.get("status_codes").get("UNAVAILABLE").asLong());
    assertEquals(100, h.fake.calls.get(), "the server saw exactly n calls");
    assertEquals(
        "fake: every 5th call fails", doc.get("error_samples").get("UNAVAILABLE").asText());
    JsonNode lat = doc.get("latency_ms");
    for (String p : List.of("min", "mean", "p50", "p90", "p95", "p99", "max")) {
      assertTrue(lat.get(p).asDouble() > 0, p);
    }
    assertTrue(lat.get("min").asDouble() <= lat.get("p50").asDouble());
    assertTrue(lat.get("p50").asDouble() <= lat.get("p99").asDouble());
    assertTrue(lat.get("p99").asDouble() <= lat.get("max").asDouble());
    long inHistogram = 0;
    for (JsonNode b : doc.get("histogram")) {
      inHistogram += b.get("count").asLong();
    }
    assertEquals(100, inHistogram);
    assertTrue(doc.get("calls_per_second").asDouble() > 0);
    Set<Long> users =
        h.fake.requests.stream()
            .map(q -> ((RecommendRequest) q).getUserId())
            .collect(Collectors.toSet());
    assertTrue(Set.of(1L, 2L, 3L, 4L, 5L, 20L).containsAll(users), users::toString);
  }

  @Test
  void warmupIsNotCountedAndTextSummary() {
    CliRun r =
        h.run(
            "bench",
            "-n",
            "40",
            "--warmup",
            "15",
            "-c",
            "4",
            "--connections",
            "3",
            "--call",
            "info");
    assertEquals(0, r.code(), r::toString);
    assertEquals(55, h.fake.calls.get(), "warmup + n calls reached the server");
    assertEquals(3, h.grpc.opened().size());
    String out = r.out();
    assertTrue(out.contains("  Call:     info\n"), out);
    assertTrue(out.contains("3 connections, 4 concurrent"), out);
    assertTrue(out.contains("  Warmup:   15 calls (not counted)\n"), out);
    assertTrue(out.contains("  Count:    40\n"), out);
    assertTrue(out.contains("  Errors:   0 (0.00%)\n"), out);
    assertTrue(
        out.matches(
            "(?s).*Latency \\(ms\\):\n\\s+min\\s+mean\\s+p50\\s+p90\\s+p95\\s+p99\\s+max\n.*"),
        out);
    assertTrue(
        out.matches(
            "(?s).*Histogram \\(ms, up to\\):\n(\\s+\\d+\\.\\d{3}\\s+\\[\\d+]\\s+\\|#*\n)+\n.*"),
        out);
    assertTrue(out.matches("(?s).*Status codes:\n\\s+\\[OK]\\s+40\n$"), out);
    assertTrue(!out.contains("First error"), out);
  }

  @Test
  void closedLoopKeepsExactlyCInFlight() throws Exception {
    h.fake.delayMs = 20;
    CliRun r = h.run("bench", "-n", "24", "-c", "3", "--call", "info", "--json");
    assertEquals(0, r.code(), r::toString);
    assertEquals(3, h.fake.maxInFlight.get(), "never more than -c calls at once, and -c reached");
    JsonNode doc = JSON.readTree(r.out());
    // 24 calls, 3 at a time, 20 ms each: at least 8 rounds
    assertTrue(doc.get("total_ms").asDouble() >= 160, doc.toString());
    assertTrue(doc.get("latency_ms").get("min").asDouble() >= 20, doc.toString());
  }

  @Test
  void rateCallsCarryDistinctMoviesAndUniqueRequestIds() throws Exception {
    CliRun r =
        h.run(
            "bench",
            "-n",
            "30",
            "-c",
            "4",
            "--call",
            "rate",
            "--movies",
            "1-5",
            "--movies-per-call",
            "3",
            "--json");
    assertEquals(0, r.code(), r::toString);
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Object o : h.fake.requests) {
      var req = (dev.marquee.proto.v1.RateMoviesRequest) o;
      assertEquals(3, req.getRatingsList().stream().map(x -> x.getMovieId()).distinct().count());
      assertTrue(req.getRatings(0).getRating() >= 1 && req.getRatings(0).getRating() <= 5);
      ids.add(req.getRequestId());
    }
    assertEquals(30, ids.size());
  }

  @Test
  void sameSeedSameRequests() {
    h.run(
        "bench",
        "-n",
        "20",
        "-c",
        "1",
        "--call",
        "predict",
        "--user",
        "42",
        "--movies",
        "1-1000",
        "--movies-per-call",
        "3",
        "--seed",
        "7");
    List<List<Long>> first =
        h.fake.requests.stream().map(q -> ((PredictRatingsRequest) q).getMovieIdsList()).toList();
    h.fake.requests.clear();
    h.run(
        "bench",
        "-n",
        "20",
        "-c",
        "1",
        "--call",
        "predict",
        "--user",
        "42",
        "--movies",
        "1-1000",
        "--movies-per-call",
        "3",
        "--seed",
        "7");
    List<List<Long>> second =
        h.fake.requests.stream().map(q -> ((PredictRatingsRequest) q).getMovieIdsList()).toList();
    assertEquals(20, first.size());
    assertEquals(first, second);
    assertTrue(first.stream().allMatch(ids -> ids.size() == 3));
  }

  @Test
  void rateLimitPacesCalls() throws Exception {
    CliRun r = h.run("bench", "-n", "21", "--rps", "200", "-c", "4", "--call", "similar", "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(21, doc.get("count").asLong());
    // 21 calls at 200/s: the last one starts 100 ms after the first
    assertTrue(doc.get("total_ms").asDouble() >= 99, doc.toString());
    assertEquals(200.0, doc.get("rate_limit").asDouble());
  }

  @Test
  void durationBoundsTheRun() throws Exception {
    CliRun r = h.run("bench", "--duration", "150ms", "-c", "2", "--call", "info", "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode doc = JSON.readTree(r.out());
    long count = doc.get("count").asLong();
    assertTrue(count > 0);
    assertEquals(count, h.fake.calls.get());
    assertTrue(doc.get("total_ms").asDouble() >= 150, doc.toString());
    assertTrue(doc.get("total_ms").asDouble() < 5_000, doc.toString());
  }

  @Test
  void slowCallsEndAtTheDeadlineAndAreCounted() throws Exception {
    CliRun r = h.run("bench", "-n", "4", "-c", "4", "--user", "7", "--deadline", "50ms", "--json");
    assertEquals(ExitCode.DEADLINE.code(), r.code(), r::toString);
    assertTrue(r.err().startsWith("deadline exceeded: "), r.err());
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(4, doc.get("status_codes").get("DEADLINE_EXCEEDED").asLong());
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertEquals(2, h.run("bench", "-n", "0").code());
    assertEquals(2, h.run("bench", "-c", "0").code());
    assertEquals(2, h.run("bench", "--call", "nope").code());
    CliRun users = h.run("bench", "--users", "1-x");
    assertEquals(2, users.code());
    assertTrue(users.err().contains("'1-x' is not an id or LO-HI range"), users.err());
    assertEquals(0, h.fake.calls.get());
  }
}
