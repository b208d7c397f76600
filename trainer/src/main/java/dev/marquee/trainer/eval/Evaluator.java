package dev.marquee.trainer.eval;

import dev.marquee.core.TopK;
import dev.marquee.trainer.model.Interactions;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Rating metrics (MSE, RMSE, MAE) and full-catalogue ranking metrics (Recall and NDCG at 10 and 20,
 * hit rate, coverage and popularity percentile at 10) on a validation set. Ranking: for each
 * validation user with a relevant movie (validation rating >= 4), every movie the user did not rate
 * in training is a candidate; the top 20 by (score desc, movie index asc), movie indices ascending
 * with ids, is computed once and the @10 metrics are read from its first 10.
 */
public final class Evaluator {
  public static final int K = 10;

  /** The longer list: Recall@20 and NDCG@20. */
  public static final int K_LONG = 20;

  public static final float RELEVANT = 4f;

  private final Interactions train;
  private final Interactions valid;
  private final int users;
  private final int movies;
  private final double[] popularityPercentile;

  public Evaluator(Interactions train, Interactions valid, int users, int movies) {
    this.train = train;
    this.valid = valid;
    this.users = users;
    this.movies = movies;
    this.popularityPercentile = popularityPercentiles(train, movies);
  }

  public Metrics evaluate(Scorer s) {
    double mse = Double.NaN, mae = Double.NaN;
    if (s.predictsRatings()) {
      double se = 0, ae = 0;
      for (int i = 0; i < valid.size(); i++) {
        double e = s.predict(valid.user()[i], valid.movie()[i]) - valid.rating()[i];
        se += e * e;
        ae += Math.abs(e);
      }
      int n = Math.max(1, valid.size());
      mse = se / n;
      mae = ae / n;
    }
    BitSet[] seen = sets(train, false);
    BitSet[] relevant = sets(valid, true);
    float[] scores = new float[movies];
    int[] top = new int[K_LONG];
    double[] discount = new double[K_LONG], ideal = new double[K_LONG + 1];
    for (int i = 0; i < K_LONG; i++) {
      discount[i] = 1 / log2(i + 2);
      ideal[i + 1] = ideal[i] + discount[i];
    }
    BitSet covered = new BitSet(movies);
    double recall10 = 0, ndcg10 = 0, recall20 = 0, ndcg20 = 0, popularity = 0;
    int ranked = 0, usersHit = 0;
    long slots = 0;
    for (int u = 0; u < users; u++) {
      if (relevant[u] == null) {
        continue;
      }
      s.rank(u, scores);
      int k = topK(scores, seen[u], top);
      int hits10 = 0, hits20 = 0;
      double dcg10 = 0, dcg20 = 0;
      for (int i = 0; i < k; i++) {
        boolean hit = relevant[u].get(top[i]);
        if (i < K) {
          covered.set(top[i]);
          popularity += popularityPercentile[top[i]];
          slots++;
          if (hit) {
            hits10++;
            dcg10 += discount[i];
          }
        }
        if (hit) {
          hits20++;
          dcg20 += discount[i];
        }
      }
      int rel = relevant[u].cardinality();
      recall10 += (double) hits10 / rel;
      ndcg10 += dcg10 / ideal[Math.min(rel, K)];
      recall20 += (double) hits20 / rel;
      ndcg20 += dcg20 / ideal[Math.min(rel, K_LONG)];
      usersHit += hits10 > 0 ? 1 : 0;
      ranked++;
    }
    int r = Math.max(1, ranked);
    return new Metrics(
        mse,
        Math.sqrt(mse),
        mae,
        recall10 / r,
        ndcg10 / r,
        recall20 / r,
        ndcg20 / r,
        (double) usersHit / r,
        (double) covered.cardinality() / movies,
        slots == 0 ? Double.NaN : popularity / slots,
        ranked);
  }

  /**
   * Each movie's popularity percentile: 100 × (movies with at most as many training ratings) /
   * movies. Tied movies share a value (so it does not depend on movie ids) and the most rated movie
   * gets 100.
   */
  static double[] popularityPercentiles(Interactions train, int movies) {
    int[] count = Baselines.ratingCounts(train, movies);
    int max = 0;
    for (int c : count) {
      max = Math.max(max, c);
    }
    int[] atMost = new int[max + 1];
    for (int c : count) {
      atMost[c]++;
    }
    for (int c = 1; c <= max; c++) {
      atMost[c] += atMost[c - 1];
    }
    double[] out = new double[movies];
    for (int m = 0; m < movies; m++) {
      out[m] = 100.0 * atMost[count[m]] / movies;
    }
    return out;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private BitSet[] sets(Interactions data, boolean relevantOnly) {
    BitSet[] out = new BitSet[users];
    for (int i = 0; i < data.size(); i++) {
      if (relevantOnly && data.rating()[i] < RELEVANT) {
        continue;
      }
      int u = data.user()[i];
      if (out[u] == null) {
        out[u] = new BitSet(movies);
      }
      out[u].set(data.movie()[i]);
    }
    return out;
  }

  /**
   * Indices of the k best unseen movies into {@code top}, best first (ties by movie index); returns
   * how many.
   */
  static int topK(float[] scores, BitSet seen, int[] top) {
    TopK best = new TopK(top.length);
    for (int m = 0; m < scores.length; m++) {
      if (seen == null || !seen.get(m)) {
        best.offer(m, scores[m]);
      }
    }
    int[] ranked = best.drainBestFirst();
    System.arraycopy(ranked, 0, top, 0, ranked.length);
    return ranked.length;
  }

  /** For tests: a copy of the top-k. */
  static int[] topK(float[] scores, BitSet seen, int k) {
    int[] top = new int[k];
    return Arrays.copyOf(top, topK(scores, seen, top));
  }
}
