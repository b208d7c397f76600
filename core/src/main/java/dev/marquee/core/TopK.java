package dev.marquee.core;

/**
 * Keeps the n best (item, score) pairs: higher score first, ties broken by the smaller movie id (or
 * item index), so results are deterministic. A binary heap with the worst kept pair at the root.
 * The one top-k of the project: the server's retrieval and rerank, the indexer's exact oracle and
 * the trainer's ranking metrics all rank with it.
 */
public final class TopK {
  private final int capacity;
  private final long[] movieIds;
  private final int[] items;
  private final float[] scores;
  private final long[] ids;
  private int size;

  /**
   * @param capacity how many pairs to keep
   * @param movieIds the movie id of each item index, for tie-breaking
   */
  public TopK(int capacity, long[] movieIds) {
    this.capacity = capacity;
    this.movieIds = movieIds;
    int c = Math.max(0, capacity);
    this.items = new int[c];
    this.scores = new float[c];
    this.ids = new long[c];
  }

  /** Ties broken by the smaller item index (for callers whose item order is the movie id order). */
  public TopK(int capacity) {
    this(capacity, null);
  }

  /** True when (s1, id1) ranks after (s2, id2). */
  private static boolean worse(float s1, long id1, float s2, long id2) {
    return s1 < s2 || (s1 == s2 && id1 > id2);
  }

  /** The lowest score that could still enter, or -infinity while not full. */
  public float threshold() {
    return size < capacity ? Float.NEGATIVE_INFINITY : scores[0];
  }

  public void offer(int item, float score) {
    if (capacity == 0 || Float.isNaN(score)) {
      return;
    }
    long id = movieIds == null ? item : movieIds[item];
    if (size < capacity) {
      int i = size++;
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (!worse(score, id, scores[p], ids[p])) {
          break;
        }
        move(p, i);
        i = p;
      }
      put(i, item, score, id);
    } else if (worse(scores[0], ids[0], score, id)) {
      siftDown(item, score, id);
    }
  }

  private void siftDown(int item, float score, long id) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        break;
      }
      int r = l + 1;
      int w = (r < size && worse(scores[r], ids[r], scores[l], ids[l])) ? r : l;
      if (!worse(scores[w], ids[w], score, id)) {
        break;
      }
      move(w, i);
      i = w;
    }
    put(i, item, score, id);
  }

  private void move(int from, int to) {
    items[to] = items[from];
    scores[to] = scores[from];
    ids[to] = ids[from];
  }

  private void put(int i, int item, float score, long id) {
    items[i] = item;
    scores[i] = score;
    ids[i] = id;
  }

  public int size() {
    return size;
  }

  /** The kept items, best first. Empties the heap. */
  public int[] drainBestFirst() {
    return drainBestFirst(null);
  }

  /**
   * The kept items, best first, with their scores written to {@code scoresOut[0 .. size())} (when
   * not null), so a caller need not score the winners again. Empties the heap.
   */
  public int[] drainBestFirst(float[] scoresOut) {
    int n = size;
    int[] out = new int[n];
    for (int k = n - 1; k >= 0; k--) {
      out[k] = items[0];
      if (scoresOut != null) {
        scoresOut[k] = scores[0];
      }
      int lastItem = items[size - 1];
      float lastScore = scores[size - 1];
      long lastId = ids[size - 1];
      size--;
      if (size > 0) {
        siftDown(lastItem, lastScore, lastId);
      }
    }
    return out;
  }
}
