package dev.marquee.data;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * Ratings as parallel primitive columns: row {@code i} is user index {@code user[i]} (into {@link
 * Dataset#userIds()}), movie index {@code movie[i]}, rating {@code value[i]} and Unix time {@code
 * timestamp[i]} in seconds. Columnar so that 25M ratings cost 20 bytes each and no objects.
 *
 * <p>The arrays are shared, not copied (copying 25M rows per accessor call would defeat the
 * purpose): treat them as read-only. Equality compares contents.
 */
public record Ratings(int[] user, int[] movie, float[] value, long[] timestamp) {
  public Ratings {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(movie, "movie");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(timestamp, "timestamp");
    if (movie.length != user.length
        || value.length != user.length
        || timestamp.length != user.length) {
      throw new IllegalArgumentException(
          "ratings columns differ in length: user="
              + user.length
              + ", movie="
              + movie.length
              + ", value="
              + value.length
              + ", timestamp="
              + timestamp.length);
    }
  }

  /** No ratings. */
  public static Ratings empty() {
    return new Ratings(new int[0], new int[0], new float[0], new long[0]);
  }

  /** Number of rows. */
  public int size() {
    return user.length;
  }

  /** The rows whose bit in {@code rows} equals {@code keep}, in their original order. */
  public Ratings select(BitSet rows, boolean keep) {
    int n = keep ? rows.cardinality() : size() - rows.get(0, size()).cardinality();
    int[] u = new int[n];
    int[] m = new int[n];
    float[] v = new float[n];
    long[] t = new long[n];
    int j = 0;
    for (int i = 0; i < size(); i++) {
      if (rows.get(i) == keep) {
        u[j] = user[i];
        m[j] = movie[i];
        v[j] = value[i];
        t[j] = timestamp[i];
        j++;
      }
    }
    return new Ratings(u, m, v, t);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ratings r
        && Arrays.equals(user, r.user)
        && Arrays.equals(movie, r.movie)
        && Arrays.equals(value, r.value)
        && Arrays.equals(timestamp, r.timestamp);
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(user);
    h = 31 * h + Arrays.hashCode(movie);
    h = 31 * h + Arrays.hashCode(value);
    return 31 * h + Arrays.hashCode(timestamp);
  }

  @Override
  public String toString() {
    return "Ratings[size=" + size() + "]";
  }
}
