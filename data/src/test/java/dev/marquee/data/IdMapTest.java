package dev.marquee.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdMapTest {
  @Test
  void sortedOrderAndAbsentIds() {
    IdMap m = IdMap.of(30, 10, 20);
    assertArrayEquals(new long[] {10, 20, 30}, m.ids());
    assertEquals(1, m.index(20));
    assertEquals(30, m.id(2));
    assertEquals(-1, m.index(25));
    assertEquals(-1, m.index(-5));
    assertThrows(IllegalArgumentException.class, () -> IdMap.of(1, 2, 1));
    assertEquals(IdMap.of(1, 2, 3), IdMap.ofDistinct(3, 1, 2, 3));
    assertEquals(-1, IdMap.of().index(0));
  }

  @Test
  void hashedLookupAgreesWithBinarySearch() {
    long seed = 20240601L;
    SplittableRandom r = new SplittableRandom(seed);
    long[] ids = new long[5000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = r.nextLong(1, 1L << 40);
    }
    IdMap m = IdMap.ofDistinct(ids);
    long[] sorted = m.ids();
    for (int i = 0; i < 20_000; i++) {
      long probe = i % 2 == 0 ? ids[r.nextInt(ids.length)] : r.nextLong(1, 1L << 40);
      int expect = java.util.Arrays.binarySearch(sorted, probe);
      assertEquals(Math.max(-1, expect), m.index(probe), "seed " + seed + ", probe " + probe);
    }
  }
}
