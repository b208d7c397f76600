package dev.marquee.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits on the six-rating fixture, where every answer can be checked by hand. */
class SplitsTest {
  @TempDir Path tmp;
  Dataset d;

  @BeforeEach
  void read() throws IOException {
    d =
        MovieLensReader.read(
            Fixtures.ml100k(tmp.resolve("tiny"), Fixtures.DATA), ReadOptions.strict());
  }

  @Test
  void temporalBreaksTiesByFileOrder() {
    // timestamps 100 200 150 150 300 400: the last 3 are 400, 300, 200.
    Split s = Splits.temporal(d, 0.5);
    assertArrayEquals(new long[] {200, 300, 400}, s.valid().timestamp());
    assertArrayEquals(new long[] {100, 150, 150}, s.train().timestamp());
    // 4 rows: 400, 300, 200 and the later of the two 150s (row 4, user 3).
    Split four = Splits.temporal(d, 4 / 6.0);
    assertArrayEquals(new long[] {200, 150, 300, 400}, four.valid().timestamp());
    assertArrayEquals(new int[] {0, 2, 1, 2}, four.valid().user());
  }

  @Test
  void leaveLastPerUser() {
    // user 1: ts 100, 200 -> 200; user 2: 150, 300 -> 300; user 3: 150, 400 -> 400
    Split s = Splits.leaveLastN(d, 1);
    assertArrayEquals(new long[] {200, 300, 400}, s.valid().timestamp());
    assertEquals(0, Splits.leaveLastN(d, 2).valid().size()); // nobody has more than 2
  }

  @Test
  void randomIsExact() {
    for (double f : new double[] {0, 0.1, 0.5, 0.99, 1}) {
      Split s = Splits.random(d, f, 7);
      assertEquals(Math.round(6 * f), s.valid().size());
      assertEquals(6, s.valid().size() + s.train().size());
    }
  }

  @Test
  void specErrors() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Splits.of(d, "sideways", 0.1, 1));
    assertEquals("unknown split 'sideways'; choose one of " + Splits.CHOICES, e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Splits.random(d, 1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> Splits.of(d, "leave-last-0", 0, 0));
    UncheckedIOException missing =
        assertThrows(UncheckedIOException.class, () -> Splits.canonical(d, "u1"));
    assertEquals(
        d.dir()
            + ": missing u1.base (canonical splits u1..u5, ua, ub come with ML-100K; this dataset is ML_100K)",
        missing.getMessage());
  }
}
