package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.cli.ExitCode;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Durations, id pools, tables, histogram buckets, exit-code mapping. */
class UnitsTest {

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
    assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1H"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("2"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("0s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1s"));
    assertEquals("2s", Durations.format(Duration.ofSeconds(2)));
    assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
    assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
  }

  @Test
  void idPoolDrawsUniformlyFromTheUnion() {
    IdPool pool = IdPool.parse("1-3, 10");
    assertEquals(4, pool.size());
    assertEquals("1-3,10", pool.toString());
    SplittableRandom random = new SplittableRandom(1);
    Map<Long, Integer> seen = new HashMap<>();
    for (int i = 0; i < 4000; i++) {
      seen.merge(pool.draw(random), 1, Integer::sum);
    }
    assertEquals(Map.of(1L, 0, 2L, 0, 3L, 0, 10L, 0).keySet(), seen.keySet());
    seen.values().forEach(n -> assertTrue(n > 850 && n < 1150, seen::toString));
    assertEquals(42, IdPool.of(42).draw(random));
    assertThrows(IllegalArgumentException.class, () -> IdPool.parse("5-1"));
    assertThrows(IllegalArgumentException.class, () -> IdPool.parse("0-3"));
    assertThrows(IllegalArgumentException.class, () -> IdPool.parse("1,,2"));
  }

  @Test
  void tableAlignsAndTruncates() {
    String t =
        new Table()
            .right("#")
            .left("name")
            .right("x")
            .row(1, "a", "1.00")
            .row(10, "bbb", "12.50")
            .render();
    assertEquals(" #  name      x\n 1  a      1.00\n10  bbb   12.50\n", t);
    assertEquals("abcdefg...", Table.truncate("abcdefghijklmnop", 10));
    assertEquals("short", Table.truncate("short", 10));
    assertEquals("A Long Title... (1999)", Table.titleYear("A Long Title That Goes On", 1999, 22));
    assertEquals("Untimed", Table.titleYear("Untimed", 0, 22));
    assertEquals("4.37", Table.decimals(4.371f, 2));
  }

  @Test
  void histogramBucketsCoverEveryValue() {
    Histogram h = new Histogram(3);
    for (long v = 1; v <= 1000; v++) {
      h.recordValue(v * 1_000_000);
    }
    var buckets = BenchReport.buckets(h);
    assertEquals(BenchReport.BUCKETS, buckets.size());
    assertEquals(1000, buckets.stream().mapToLong(BenchReport.Bucket::count).sum());
    assertEquals(h.getMaxValue() / 1e6, buckets.get(buckets.size() - 1).upToMs(), 1e-9);
    buckets.forEach(b -> assertTrue(b.count() > 80 && b.count() < 120, buckets::toString));

    Histogram one = new Histogram(3);
    one.recordValue(5_000_000);
    one.recordValue(5_000_000);
    assertEquals(1, BenchReport.buckets(one).size());
    assertEquals(2, BenchReport.buckets(one).get(0).count());
  }

  @Test
  void exitCodesByStatus() {
    assertEquals(ExitCode.OK, ConnectionOptions.exitCode(Status.Code.OK));
    assertEquals(ExitCode.UNAVAILABLE, ConnectionOptions.exitCode(Status.Code.UNAVAILABLE));
    assertEquals(ExitCode.DEADLINE, ConnectionOptions.exitCode(Status.Code.DEADLINE_EXCEEDED));
    assertEquals(
        ExitCode.INVALID_ARGUMENT, ConnectionOptions.exitCode(Status.Code.INVALID_ARGUMENT));
    assertEquals(ExitCode.NOT_FOUND, ConnectionOptions.exitCode(Status.Code.NOT_FOUND));
    assertEquals(ExitCode.INTERNAL, ConnectionOptions.exitCode(Status.Code.INTERNAL));
    assertEquals(picocli.CommandLine.ExitCode.USAGE, ExitCode.USAGE.code());
  }
}
