package dev.marquee.trainer.eval;

import dev.marquee.trainer.model.Interactions;
import java.util.Arrays;

/** The two reference predictors every run is printed against. */
public final class Baselines {
  private Baselines() {}

  /** Predicts the training mean for everything; ranks all movies equal (so ties go to the lowest movie id). */
  public static Scorer globalMean(Interactions train) {
    float mu = (float) train.mean();
    return new Scorer() {
      @Override
      public float predict(int u, int m) {
        return mu;
      }

      @Override
      public void rank(int u, float[] out) {
        Arrays.fill(out, 0f);
      }
    };
  }

  /**
   * mu + b_u + b_m, fitted by 10 rounds of regularised alternating least squares (Surprise's
   * BaselineOnly: reg 15 for users, 10 for movies), clipped to the rating scale. Ranks by b_m.
   */
  public static Scorer biases(Interactions train, int users, int movies, float lo, float hi) {
    double mu = train.mean();
    double[] bu = new double[users], bm = new double[movies];
    double[] num = new double[Math.max(users, movies)];
    int[] cnt = new int[Math.max(users, movies)];
    for (int it = 0; it < 10; it++) {
      Arrays.fill(num, 0);
      Arrays.fill(cnt, 0);
      for (int i = 0; i < train.size(); i++) {
        num[train.user()[i]] += train.rating()[i] - mu - bm[train.movie()[i]];
        cnt[train.user()[i]]++;
      }
      for (int u = 0; u < users; u++) {
        bu[u] = num[u] / (15 + cnt[u]);
      }
      Arrays.fill(num, 0);
      Arrays.fill(cnt, 0);
      for (int i = 0; i < train.size(); i++) {
        num[train.movie()[i]] += train.rating()[i] - mu - bu[train.user()[i]];
        cnt[train.movie()[i]]++;
      }
      for (int m = 0; m < movies; m++) {
        bm[m] = num[m] / (10 + cnt[m]);
      }
    }
    return new Scorer() {
      @Override
      public float predict(int u, int m) {
        return (float) Math.max(lo, Math.min(hi, mu + bu[u] + bm[m]));
      }

      @Override
      public void rank(int u, float[] out) {
        for (int m = 0; m < out.length; m++) {
          out[m] = (float) bm[m];
        }
      }
    };
  }
}
