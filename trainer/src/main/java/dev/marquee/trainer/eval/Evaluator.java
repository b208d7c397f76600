package dev.marquee.trainer.eval;

import dev.marquee.core.TopK;
import dev.marquee.trainer.model.Interactions;
import dev.marquee.trainer.model.UserHistory;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

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

  private final Interactions valid;
  private final int users;
  private final int movies;
  private final double[] popularityPercentile;
  private final UserHistory seen; // the movies each user rated in training
  private final UserHistory relevant; // the validation movies each user rated >= RELEVANT

  public Evaluator(Interactions train, Interactions valid, int users, int movies) {
    this.valid = valid;
    this.users = users;
    this.movies = movies;
    this.popularityPercentile = popularityPercentiles(train, movies);
    this.seen = UserHistory.of(train, users);
    this.relevant = UserHistory.of(valid, users, RELEVANT);
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
    // Users are ranked in fixed blocks on every core and the blocks' sums added in block order, so
    // the figures do not depend on the number of threads (ML-25M shape: 150k users x 62k movies).
    int blocks = (users + BLOCK - 1) / BLOCK;
    List<Partial> parts =
        IntStream.range(0, blocks).parallel().mapToObj(b -> rankBlock(s, b)).toList();
    Partial total = new Partial(movies);
    for (Partial part : parts) {
      total.add(part);
    }
    int r = Math.max(1, total.ranked);
    return new Metrics(
        mse,
        Math.sqrt(mse),
        mae,
        total.recall10 / r,
        total.ndcg10 / r,
        total.recall20 / r,
        total.ndcg20 / r,
        (double) total.usersHit / r,
        (double) total.covered.cardinality() / movies,
        total.slots == 0 ? Double.NaN : total.popularity / total.slots,
        total.ranked);
  }

  /** Users ranked per block of the parallel evaluation. */
  private static final int BLOCK = 256;

  private static final double[] DISCOUNT = new double[K_LONG];
  private static final double[] IDEAL = new double[K_LONG + 1];

  static {
    for (int i = 0; i < K_LONG; i++) {
      DISCOUNT[i] = 1 / log2(i + 2);
      IDEAL[i + 1] = IDEAL[i] + DISCOUNT[i];
    }
  }

  /** The ranking sums of one block of users. */
  private static final class Partial {
    final BitSet covered;
    double recall10, ndcg10, recall20, ndcg20, popularity;
    int ranked, usersHit;
    long slots;

    Partial(int movies) {
      covered = new BitSet(movies);
    }

    void add(Partial o) {
      covered.or(o.covered);
      recall10 += o.recall10;
      ndcg10 += o.ndcg10;
      recall20 += o.recall20;
      ndcg20 += o.ndcg20;
      popularity += o.popularity;
      ranked += o.ranked;
      usersHit += o.usersHit;
      slots += o.slots;
    }
  }

  private Partial rankBlock(Scorer s, int block) {
    Partial p = new Partial(movies);
    float[] scores = new float[movies];
    int[] top = new int[K_LONG];
    for (int u = block * BLOCK; u < Math.min(users, (block + 1) * BLOCK); u++) {
      int from = relevant.offsets()[u], to = relevant.offsets()[u + 1], rel = to - from;
      if (rel == 0) {
        continue;
      }
      s.rank(u, scores);
      int k = topK(scores, seen.movies(), seen.offsets()[u], seen.offsets()[u + 1], top);
      int hits10 = 0, hits20 = 0;
      double dcg10 = 0, dcg20 = 0;
      for (int i = 0; i < k; i++) {
        boolean hit = Arrays.binarySearch(relevant.movies(), from, to, top[i]) >= 0;
        if (i < K) {
          p.covered.set(top[i]);
          p.popularity += popularityPercentile[top[i]];
          p.slots++;
          if (hit) {
            hits10++;
            dcg10 += DISCOUNT[i];
          }
        }
        if (hit) {
          hits20++;
          dcg20 += DISCOUNT[i];
        }
      }
      p.recall10 += (double) hits10 / rel;
      p.ndcg10 += dcg10 / IDEAL[Math.min(rel, K)];
      p.recall20 += (double) hits20 / rel;
      p.ndcg20 += dcg20 / IDEAL[Math.min(rel, K_LONG)];
      p.usersHit += hits10 > 0 ? 1 : 0;
      p.ranked++;
    }
    return p;
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

  /**
   * Indices of the k best movies not in {@code seen[from..to)} (ascending) into {@code top}, best
   * first (ties by movie index); returns how many.
   */
  static int topK(float[] scores, int[] seen, int from, int to, int[] top) {
    TopK best = new TopK(top.length);
    int next = from; // the first seen movie not yet passed
    for (int m = 0; m < scores.length; m++) {
      if (next < to && seen[next] == m) {
        next++;
        continue;
      }
      best.offer(m, scores[m]);
    }
    int[] ranked = best.drainBestFirst();
    System.arraycopy(ranked, 0, top, 0, ranked.length);
    return ranked.length;
  }

  /** For tests: a copy of the top-k. */
  static int[] topK(float[] scores, int[] seen, int k) {
    int[] top = new int[k];
    return Arrays.copyOf(top, topK(scores, seen, 0, seen.length, top));
  }
}
