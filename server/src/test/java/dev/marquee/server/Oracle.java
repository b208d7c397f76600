package dev.marquee.server;

import dev.marquee.core.Embeddings;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.MovieInfo;
import dev.marquee.core.Scoring;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Brute-force answers computed the plainest way, to check the server against. */
final class Oracle {
  private Oracle() {}

  /**
   * Top-k movie ids for a user vector by the ranking score u·m + c_m, among movies passing the
   * filter and not in {@code excluded} (indices); ties by movie id. No user bias: it cannot change
   * the order.
   */
  static List<Long> topK(
      ModelArtifact a,
      float[] u,
      int k,
      Set<Integer> excluded,
      List<String> genres,
      int minYear,
      int maxYear) {
    Embeddings e = a.embeddings();
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < e.movieIds().length; i++) {
      if (excluded.contains(i)) {
        continue;
      }
      MovieInfo m = a.movies().get(i);
      if (!genres.isEmpty() && m.genres().stream().noneMatch(genres::contains)) {
        continue;
      }
      if ((minYear != 0 || maxYear != 0)
          && (m.year() == 0
              || (minYear != 0 && m.year() < minYear)
              || (maxYear != 0 && m.year() > maxYear))) {
        continue;
      }
      idx.add(i);
    }
    idx.sort(
        Comparator.<Integer>comparingDouble(
                i -> -Scoring.retrievalScore(u, e.movieVectors()[i], e.movieRetrievalBias()[i]))
            .thenComparingLong(i -> e.movieIds()[i]));
    return idx.stream().limit(k).map(i -> e.movieIds()[i]).toList();
  }

  static Set<Integer> seen(ModelArtifact a, int userIndex) {
    Set<Integer> s = new java.util.HashSet<>();
    for (int m : a.ratings().moviesOf(userIndex)) {
      s.add(m);
    }
    return s;
  }
}
