package dev.marquee.trainer.model;

import java.util.Arrays;

/**
 * Each user's distinct movies in compressed-row form: user u's movies are {@code movies[offsets[u]
 * .. offsets[u+1])}, ascending. This is what the SVD++ implicit term sums over, and what evaluation
 * and EASE read as a user's seen and relevant movies; it costs one int per rating, where a dense
 * users x movies matrix cost one float per cell.
 */
public record UserHistory(int[] offsets, int[] movies) {

  /** Every rated movie of each of {@code users} users. */
  public static UserHistory of(Interactions data, int users) {
    return of(data, users, Float.NEGATIVE_INFINITY);
  }

  /** The movies each of {@code users} users rated at least {@code minRating}. */
  public static UserHistory of(Interactions data, int users, float minRating) {
    int[] count = new int[users + 1];
    for (int i = 0; i < data.size(); i++) {
      if (data.rating()[i] >= minRating) {
        count[data.user()[i] + 1]++;
      }
    }
    for (int u = 0; u < users; u++) {
      count[u + 1] += count[u];
    }
    int[] fill = Arrays.copyOf(count, users);
    int[] all = new int[count[users]];
    for (int i = 0; i < data.size(); i++) {
      if (data.rating()[i] >= minRating) {
        all[fill[data.user()[i]]++] = data.movie()[i];
      }
    }
    // Sort each row and drop repeated movies (a log may hold one user rating a movie twice).
    int[] offsets = new int[users + 1];
    int w = 0;
    for (int u = 0; u < users; u++) {
      Arrays.sort(all, count[u], count[u + 1]);
      offsets[u] = w;
      for (int i = count[u]; i < count[u + 1]; i++) {
        if (i == count[u] || all[i] != all[i - 1]) {
          all[w++] = all[i];
        }
      }
    }
    offsets[users] = w;
    return new UserHistory(offsets, Arrays.copyOf(all, w));
  }

  public int users() {
    return offsets.length - 1;
  }

  public int size(int u) {
    return offsets[u + 1] - offsets[u];
  }
}
