package dev.marquee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MovieSet against java.util.BitSet, with a printed seed. */
class MovieSetTest {
  @Test
  void matchesABitSetOracle() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      int n = r.nextInt(300);
      MovieSet a = n > 0 && r.nextBoolean() ? MovieSet.all(n) : new MovieSet(n);
      BitSet oa = new BitSet();
      if (a.count() == n) {
        oa.set(0, n);
      }
      MovieSet b = new MovieSet(n);
      BitSet ob = new BitSet();
      for (int op = 0; n > 0 && op < 50; op++) {
        int i = r.nextInt(n);
        switch (r.nextInt(3)) {
          case 0 -> {
            a.add(i);
            oa.set(i);
          }
          case 1 -> {
            a.remove(i);
            oa.clear(i);
          }
          default -> {
            b.add(i);
            ob.set(i);
          }
        }
      }
      if (r.nextBoolean()) {
        a.addAll(b);
        oa.or(ob);
      } else {
        a.retainAll(b);
        oa.and(ob);
      }
      String where = "seed " + seed + " trial " + trial;
      assertEquals(oa.cardinality(), a.count(), where);
      for (int i = 0; i < n; i++) {
        assertEquals(oa.get(i), a.contains(i), where + " movie " + i);
      }
      // The words are a plain bit set with nothing past the universe (what Lucene's FixedBitSet
      // expects).
      assertEquals((n + 63) / 64, a.words().length, where);
      assertEquals(oa, BitSet.valueOf(a.words()), where);
    }
  }

  @Test
  void allAndAllExcept() {
    MovieSet s = MovieSet.allExcept(70, new int[] {69, 0, 64});
    assertEquals(67, s.count());
    assertFalse(s.contains(0));
    assertTrue(s.contains(63));
    assertFalse(s.contains(64));
    assertFalse(s.contains(69));
    assertEquals(64, MovieSet.all(64).count());
    assertEquals(1, MovieSet.all(65).words()[1]);
    assertEquals(0, MovieSet.all(0).count());
  }

  @Test
  void errorsNameTheValues() {
    assertThrows(IndexOutOfBoundsException.class, () -> new MovieSet(10).add(10));
    var ex =
        assertThrows(
            IllegalArgumentException.class, () -> new MovieSet(10).retainAll(new MovieSet(11)));
    assertEquals("movie sets over different universes: 10 and 11", ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class, () -> new MovieSet(-1));
    assertEquals("universe must be >= 0; universe=-1", ex.getMessage());
  }
}
