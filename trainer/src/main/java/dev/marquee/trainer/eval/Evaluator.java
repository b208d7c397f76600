package dev.marquee.trainer.eval;

import dev.marquee.core.TopK;
import dev.marquee.trainer.model.Interactions;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Rating metrics (MSE, RMSE, MAE) and full-catalogue ranking metrics (Recall@10, NDCG@10, coverage)
 * on a validation set. Ranking: for each validation user with a relevant movie (validation rating
 * >= 4), every movie the user did not rate in training is a candidate; top 10 by (score desc, movie
 * index asc), movie indices ascending with ids.
 */
public final class Evaluator {
  public static final int K = 10;
  public static final float RELEVANT = 4f;

  private final Interactions train;
  private final Interactions valid;
  private final int users;
  private final int movies;

  public Evaluator(Interactions train, Interactions valid, int users, int movies) {
    this.train = train;
    this.valid = valid;
    this.users = users;
    this.movies = movies;
  }

  public Metrics evaluate(Scorer s) {
    double se = 0, ae = 0;
    for (int i = 0; i < valid.size(); i++) {
      double e = s.predict(valid.user()[i], valid.movie()[i]) - valid.rating()[i];
      se += e * e;
      ae += Math.abs(e);
    }
    int n = Math.max(1, valid.size());
    double mse = se / n;
    BitSet[] seen = sets(train, false);
    BitSet[] relevant = sets(valid, true);
    float[] scores = new float[movies];
    int[] top = new int[K];
    BitSet covered = new BitSet(movies);
    double recall = 0, ndcg = 0;
    int ranked = 0;
    for (int u = 0; u < users; u++) {
      if (relevant[u] == null) {
        continue;
      }
      s.rank(u, scores);
      int k = topK(scores, seen[u], top);
      int hits = 0;
      double dcg = 0;
      for (int i = 0; i < k; i++) {
        covered.set(top[i]);
        if (relevant[u].get(top[i])) {
          hits++;
          dcg += 1 / log2(i + 2);
        }
      }
      int rel = relevant[u].cardinality();
      double idcg = 0;
      for (int i = 0; i < Math.min(rel, K); i++) {
        idcg += 1 / log2(i + 2);
      }
      recall += (double) hits / rel;
      ndcg += dcg / idcg;
      ranked++;
    }
    int r = Math.max(1, ranked);
    return new Metrics(mse, Math.sqrt(mse), ae / n, recall / r, ndcg / r, (double) covered.cardinality() / movies, ranked);
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

  /** Indices of the k best unseen movies into {@code top}, best first (ties by movie index); returns how many. */
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
