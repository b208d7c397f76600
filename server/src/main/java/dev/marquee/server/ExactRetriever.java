package dev.marquee.server;

import dev.marquee.core.TopK;
import java.util.Map;
import org.apache.lucene.util.FixedBitSet;

/**
 * Brute-force retrieval: scores every movie against the user and keeps the best eligible ones. The
 * reference the HNSW path is tested against, and the fastest option for small catalogues.
 *
 * <p>The movie vectors are stored transposed (one array per dimension) so the scan is a sequence of
 * "scores += u[d] * column[d]" loops that the JIT vectorises; for 1,682 movies x 40 dimensions that
 * is a few microseconds instead of one dot-product call per movie. This summation order differs from
 * {@code Scoring.score} in the last float bits, so the scan returns {@link #MARGIN} more candidates
 * than asked and the caller's exact rerank (with {@code Scoring.score}) decides the final order.
 */
public final class ExactRetriever implements CandidateRetriever {
  /** Extra candidates beyond k, so float rounding in the scan can never push a true top-k movie out. */
  static final int MARGIN = 16;

  private final float[][] columns;
  private final float[] movieBias;
  private final long[] movieIds;
  private final int movies;
  /** Movie indices by descending bias: good candidates come first, so the k-th best score rises fast and few movies enter the heap. */
  private final int[] scanOrder;

  public ExactRetriever(float[][] movieVectors, float[] movieBias, long[] movieIds) {
    this.movies = movieVectors.length;
    int dim = movies == 0 ? 0 : movieVectors[0].length;
    this.columns = new float[dim][movies];
    for (int i = 0; i < movies; i++) {
      float[] v = movieVectors[i];
      for (int d = 0; d < dim; d++) {
        columns[d][i] = v[d];
      }
    }
    this.movieBias = movieBias;
    this.movieIds = movieIds;
    this.scanOrder = java.util.stream.IntStream.range(0, movies).boxed()
        .sorted((a, b) -> Float.compare(movieBias[b], movieBias[a])).mapToInt(Integer::intValue).toArray();
  }

  @Override
  public int[] candidates(float[] user, float userBias, int k, FixedBitSet eligible, int eligibleCount) {
    float[] scores = movieBias.clone();
    for (int d = 0; d < columns.length; d++) {
      float ud = user[d];
      float[] col = columns[d];
      for (int i = 0; i < movies; i++) {
        scores[i] += ud * col[i];
      }
    }
    TopK top = new TopK(Math.min(k + MARGIN, eligibleCount), movieIds);
    float threshold = Float.NEGATIVE_INFINITY;
    for (int i : scanOrder) {
      // Score test first: most movies fall below the running k-th best, so the bit test is rare.
      if (scores[i] >= threshold && eligible.get(i)) {
        top.offer(i, scores[i]);
        threshold = top.threshold();
      }
    }
    return top.drainBestFirst();
  }

  @Override
  public Map<String, String> describe() {
    return Map.of("retrieval", "exact");
  }
}
