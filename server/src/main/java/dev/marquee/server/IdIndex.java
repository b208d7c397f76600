package dev.marquee.server;

import java.util.Arrays;

/**
 * Dataset id -> position in the artifact's arrays, by binary search over the sorted ids (no
 * boxing).
 */
final class IdIndex {
  private final long[] sorted;
  private final int[] positions;

  private IdIndex(long[] sorted, int[] positions) {
    this.sorted = sorted;
    this.positions = positions;
  }

  /** Indexes {@code ids}; duplicate ids are rejected. */
  static IdIndex of(long[] ids, String what) {
    int n = ids.length;
    boolean ascending = true;
    for (int i = 1; i < n && ascending; i++) {
      ascending = ids[i - 1] < ids[i];
    }
    if (ascending) {
      return new IdIndex(ids, null);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    long[] sorted = new long[n];
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = ids[order[i]];
      positions[i] = order[i];
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("duplicate " + what + " id " + sorted[i]);
      }
    }
    return new IdIndex(sorted, positions);
  }

  /** Position of {@code id}, or -1 when absent. */
  int indexOf(long id) {
    int i = Arrays.binarySearch(sorted, id);
    if (i < 0) {
      return -1;
    }
    return positions == null ? i : positions[i];
  }
}
