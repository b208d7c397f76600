package dev.marquee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void drawsDistinctPositionsReproduciblyBySeed() {
    int[] a = Samples.distinct(100, 30, new Random(7));
    assertEquals(30, a.length);
    assertEquals(30, Arrays.stream(a).distinct().count());
    assertEquals(30, Arrays.stream(a).filter(i -> i >= 0 && i < 100).count());
    assertArrayEquals(a, Samples.distinct(100, 30, new Random(7)));
    // All of them: a permutation of 0..n-1.
    int[] all = Samples.distinct(10, 10, new Random(1));
    Arrays.sort(all);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all);
  }

  @Test
  void theFirstDrawIsTheFirstPosition() {
    // Partial Fisher-Yates: position 0 receives the first draw from [0, n).
    int expected = new Random(3).nextInt(50);
    assertEquals(expected, Samples.distinct(50, 1, new Random(3))[0]);
  }

  @Test
  void refusesMoreThanThereAre() {
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> Samples.distinct(5, 6, new Random(1)));
    assertEquals("k must be in [0, n=5]; k=6", ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Samples.distinct(5, -1, new Random(1)));
  }
}
