package dev.marquee.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The compressed-row user histories the implicit term sums over. */
class UserHistoryTest {
  /**
   * User 0 rates movie 4 twice, user 1 nothing, user 2 three movies out of order, user 3 (the last)
   * nothing.
   */
  static final Interactions LOG =
      new Interactions(
          new int[] {2, 0, 2, 0, 0, 2},
          new int[] {7, 4, 1, 2, 4, 5},
          new float[] {1, 2, 3, 4, 5, 1});

  @Test
  void rowsAreSortedDistinctAndEmptyUsersHaveEmptyRows() {
    UserHistory h = UserHistory.of(LOG, 4);
    assertEquals(4, h.users());
    assertArrayEquals(new int[] {0, 2, 2, 5, 5}, h.offsets());
    assertArrayEquals(new int[] {2, 4, 1, 5, 7}, h.movies());
    assertEquals(2, h.size(0));
    assertEquals(0, h.size(1));
    assertEquals(3, h.size(2));
    assertEquals(0, h.size(3));
  }

  @Test
  void aRatingFloorLeavesOutTheRatingsBelowIt() {
    // Floor 3: user 0 keeps movie 4 (5 stars; its 2-star duplicate goes)
    // and movie 2 (4 stars), user 2 keeps only movie 1 (3 stars).
    UserHistory h = UserHistory.of(LOG, 4, 3f);
    assertArrayEquals(new int[] {0, 2, 2, 3, 3}, h.offsets());
    assertArrayEquals(new int[] {2, 4, 1}, h.movies());
  }

  @Test
  void noRatingsGivesEmptyRows() {
    UserHistory h = UserHistory.of(new Interactions(new int[0], new int[0], new float[0]), 3);
    assertArrayEquals(new int[] {0, 0, 0, 0}, h.offsets());
    assertEquals(0, h.movies().length);
  }

  @Test
  void matchesASetPerUserOnRandomLogs() {
    Random r = new Random(5);
    int users = 40, movies = 25, n = 600;
    int[] u = new int[n], m = new int[n];
    List<TreeSet<Integer>> expected = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      expected.add(new TreeSet<>());
    }
    for (int i = 0; i < n; i++) {
      // Users 0..4 never rate; duplicates are frequent (25 movies, ~17 ratings a user).
      u[i] = 5 + r.nextInt(users - 5);
      m[i] = r.nextInt(movies);
      expected.get(u[i]).add(m[i]);
    }
    UserHistory h = UserHistory.of(new Interactions(u, m, new float[n]), users);
    int[] off = h.offsets();
    assertEquals(users + 1, off.length);
    assertEquals(0, off[0]);
    assertEquals(h.movies().length, off[users]);
    int distinct = 0;
    for (int x = 0; x < users; x++) {
      assertTrue(off[x] <= off[x + 1], "offsets ascend at user " + x);
      int[] row = java.util.Arrays.copyOfRange(h.movies(), off[x], off[x + 1]);
      assertArrayEquals(
          expected.get(x).stream().mapToInt(Integer::intValue).toArray(), row, "user " + x);
      assertEquals(row.length, h.size(x));
      distinct += row.length;
    }
    assertTrue(distinct < n, "the log has duplicates to drop");
    assertEquals(0, h.size(0));
  }
}
