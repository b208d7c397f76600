package dev.marquee.server;

import dev.marquee.core.MovieSet;
import dev.marquee.core.TopK;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brute-force retrieval: scores every movie by the ranking score u·m + c_m (c_m the retrieval bias)
 * and keeps the best allowed ones. The reference the HNSW path is tested against, and the fastest
 * option for small catalogues.
 *
 * <p>The movie vectors are stored transposed (one array per dimension) so the scan is a sequence of
 * "scores += u[d] * column[d]" loops that the JIT vectorises; for 1,682 movies x 40 dimensions that
 * is a few microseconds instead of one dot-product call per movie. This summation order differs
 * from {@code Scoring.retrievalScore} in the last float bits, so the scan returns {@link #MARGIN}
 * more candidates than asked and the caller's exact rerank (with {@code Scoring.retrievalScore})
 * decides the final order.
 */
final class ExactRetriever implements Retriever {
  /**
   * Extra candidates beyond k, so float rounding in the scan can never push a true top-k movie out.
   */
  static final int MARGIN = 16;

  private final float[][] columns;
  private final float[] retrievalBias;
  private final long[] movieIds;
  private final int movies;

  /**
   * Movie indices by descending c_m: good candidates come first, so the k-th best score rises fast
   * and few movies enter the heap.
   */
  private final int[] scanOrder;

  private final Map<String, String> description;
  private final RetrievalObserver observer;

  /**
   * @param movieVectors m per movie
   * @param retrievalBias c_m per movie (the ranking bias, not the rating bias b_m)
   * @param movieIds ids, for ties
   * @param indexParams what to report besides {@code retrieval=exact} (the parameters of an index
   *     that was checked but is not searched; empty without one)
   * @param observer told of every scan
   */
  ExactRetriever(
      float[][] movieVectors,
      float[] retrievalBias,
      long[] movieIds,
      Map<String, String> indexParams,
      RetrievalObserver observer) {
    this.observer = observer;
    this.movies = movieVectors.length;
    int dim = movies == 0 ? 0 : movieVectors[0].length;
    this.columns = new float[dim][movies];
    for (int i = 0; i < movies; i++) {
      float[] v = movieVectors[i];
      for (int d = 0; d < dim; d++) {
        columns[d][i] = v[d];
      }
    }
    this.retrievalBias = retrievalBias;
    this.movieIds = movieIds;
    this.scanOrder =
        java.util.stream.IntStream.range(0, movies)
            .boxed()
            .sorted((a, b) -> Float.compare(retrievalBias[b], retrievalBias[a]))
            .mapToInt(Integer::intValue)
            .toArray();
    Map<String, String> d = new TreeMap<>(indexParams);
    d.put("retrieval", "exact");
    this.description = Map.copyOf(d);
  }

  @Override
  public int[] candidates(float[] user, int k, MovieSet allowed, int allowedCount) {
    observer.searched(false, movies);
    float[] scores = retrievalBias.clone();
    for (int d = 0; d < columns.length; d++) {
      float ud = user[d];
      float[] col = columns[d];
      for (int i = 0; i < movies; i++) {
        scores[i] += ud * col[i];
      }
    }
    TopK top = new TopK(Math.min(k + MARGIN, allowedCount), movieIds);
    float threshold = Float.NEGATIVE_INFINITY;
    for (int i : scanOrder) {
      // Score test first: most movies fall below the running k-th best, so the bit test is rare.
      if (scores[i] >= threshold && allowed.contains(i)) {
        top.offer(i, scores[i]);
        threshold = top.threshold();
      }
    }
    return top.drainBestFirst();
  }

  @Override
  public Map<String, String> describe() {
    return description;
  }
}
