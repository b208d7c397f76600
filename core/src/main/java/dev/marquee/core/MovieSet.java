package dev.marquee.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A set of movie indices (artifact rows, 0 to {@code universe - 1}) as a fixed-size bit set: which
 * movies a search may return. The server builds one per call from the catalogue's filters and the
 * user's history; a retriever reads it, and the indexer hands its words to Lucene without copying.
 * Not thread-safe; not resizable.
 */
public final class MovieSet {
  private final int universe;

  /** Bit i of word i / 64 is movie i; bits at or past {@code universe} are always clear. */
  private final long[] words;

  /** An empty set over movies 0 to {@code universe - 1}. */
  public MovieSet(int universe) {
    if (universe < 0) {
      throw new IllegalArgumentException("universe must be >= 0; universe=" + universe);
    }
    this.universe = universe;
    this.words = new long[(universe + 63) >>> 6];
  }

  /** Every movie of the universe. */
  public static MovieSet all(int universe) {
    MovieSet s = new MovieSet(universe);
    Arrays.fill(s.words, -1L);
    int tail = universe & 63;
    if (tail != 0) {
      s.words[s.words.length - 1] = -1L >>> (64 - tail);
    }
    return s;
  }

  /** Every movie of the universe except {@code rows} (any order; each in [0, universe)). */
  public static MovieSet allExcept(int universe, int[] rows) {
    MovieSet s = all(universe);
    for (int r : rows) {
      s.remove(r);
    }
    return s;
  }

  /** Number of movies the set ranges over (not the number it holds: see {@link #count()}). */
  public int universe() {
    return universe;
  }

  public boolean contains(int movie) {
    return (words[movie >>> 6] & (1L << movie)) != 0;
  }

  public void add(int movie) {
    Objects.checkIndex(movie, universe);
    words[movie >>> 6] |= 1L << movie;
  }

  public void remove(int movie) {
    Objects.checkIndex(movie, universe);
    words[movie >>> 6] &= ~(1L << movie);
  }

  /** Adds every movie of {@code other} (same universe). */
  public void addAll(MovieSet other) {
    requireSameUniverse(other);
    for (int i = 0; i < words.length; i++) {
      words[i] |= other.words[i];
    }
  }

  /** Keeps only the movies also in {@code other} (same universe). */
  public void retainAll(MovieSet other) {
    requireSameUniverse(other);
    for (int i = 0; i < words.length; i++) {
      words[i] &= other.words[i];
    }
  }

  /** Number of movies in the set. */
  public int count() {
    int n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /**
   * The backing words, shared, not copied (bit i of word i / 64 is movie i; the bits past the
   * universe are clear): for handing the set to a search library that takes a {@code long[]} bit
   * set. Callers must not modify them.
   */
  public long[] words() {
    return words;
  }

  private void requireSameUniverse(MovieSet other) {
    if (other.universe != universe) {
      throw new IllegalArgumentException(
          "movie sets over different universes: " + universe + " and " + other.universe);
    }
  }

  @Override
  public String toString() {
    return "MovieSet[" + count() + " of " + universe + "]";
  }
}
