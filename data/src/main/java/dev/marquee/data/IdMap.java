package dev.marquee.data;

import java.util.Arrays;

/**
 * Maps dataset ids to dense indices {@code 0..size()-1} and back. Indices follow ascending id
 * order, so the same set of ids always gives the same map, whatever order the files list them in.
 *
 * <p>Lookups are O(1): an offset when the ids are contiguous (MovieLens users and ML-100K movies),
 * otherwise an open-addressing hash table over primitive longs (no boxing: 25M ratings are mapped
 * through it).
 */
public final class IdMap {
  private final long[] ids;
  // Contiguous ids: index = id - base. Otherwise keys/values form a linear-probing table.
  private final boolean contiguous;
  private final long[] keys;
  private final int[] values;
  private final int mask;

  private IdMap(long[] sortedDistinct) {
    this.ids = sortedDistinct;
    int n = ids.length;
    this.contiguous = n == 0 || ids[n - 1] - ids[0] == n - 1;
    if (contiguous) {
      keys = null;
      values = null;
      mask = 0;
    } else {
      int cap = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1; // load factor <= 0.5
      keys = new long[cap];
      values = new int[cap];
      Arrays.fill(values, -1);
      mask = cap - 1;
      for (int i = 0; i < n; i++) {
        int slot = slot(ids[i]);
        while (values[slot] != -1) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = ids[i];
        values[slot] = i;
      }
    }
  }

  /**
   * A map over the given ids (any order).
   *
   * @throws IllegalArgumentException naming the first id that occurs twice
   */
  public static IdMap of(long... ids) {
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("duplicate id " + sorted[i]);
      }
    }
    return new IdMap(sorted);
  }

  /** A map over the distinct values of {@code ids} (duplicates allowed, any order). */
  public static IdMap ofDistinct(long... ids) {
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return new IdMap(Arrays.copyOf(sorted, n));
  }

  private int slot(long id) {
    long h = id * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads sequential ids
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** The dense index of {@code id}, or -1 when the id is absent. */
  public int index(long id) {
    if (contiguous) {
      if (ids.length == 0) {
        return -1;
      }
      long d = id - ids[0];
      return d >= 0 && d < ids.length ? (int) d : -1;
    }
    int slot = slot(id);
    while (true) {
      int v = values[slot];
      if (v == -1) {
        return -1;
      }
      if (keys[slot] == id) {
        return v;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether {@code id} is in the map. */
  public boolean contains(long id) {
    return index(id) >= 0;
  }

  /**
   * The id at {@code index}.
   *
   * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
   */
  public long id(int index) {
    return ids[index];
  }

  /** Number of ids. */
  public int size() {
    return ids.length;
  }

  /** A copy of the ids in index (ascending) order. */
  public long[] ids() {
    return ids.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdMap other && Arrays.equals(ids, other.ids);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    return ids.length == 0
        ? "IdMap[size=0]"
        : "IdMap[size=" + ids.length + ", ids " + ids[0] + ".." + ids[ids.length - 1] + "]";
  }
}
