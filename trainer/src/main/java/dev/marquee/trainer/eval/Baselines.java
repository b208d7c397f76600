package dev.marquee.trainer.eval;

import dev.marquee.trainer.model.Interactions;
import java.util.Arrays;
import java.util.Locale;

/**
 * The reference predictors every run is printed against: two rating predictors (global mean,
 * biases) and two top-N rankers (most popular unseen, EASE), the latter because a model trained on
 * rating error can lose to plain popularity at top-N, and EASE is the strong closed-form anchor.
 */
public final class Baselines {
  private Baselines() {}

  /**
   * The EASE settings: its L2 weight, and the largest catalogue it is fitted on (its movies x
   * movies inverse grows with the square of the catalogue in memory and the cube in time).
   */
  public record Settings(double easeLambda, int easeMaxMovies) {
    public static final Settings DEFAULTS = new Settings(Ease.LAMBDA, Ease.MAX_MOVIES);

    public Settings {
      if (!(easeLambda > 0) || Double.isInfinite(easeLambda)) {
        throw new IllegalArgumentException(
            "EASE lambda must be a positive number; lambda=" + easeLambda);
      }
      if (easeMaxMovies < 0 || easeMaxMovies > Ease.HARD_MAX_MOVIES) {
        throw new IllegalArgumentException(
            "EASE max movies must be in [0, "
                + Ease.HARD_MAX_MOVIES
                + "]; max movies="
                + easeMaxMovies);
      }
    }
  }

  /**
   * Every baseline's metrics on one split.
   *
   * @param ease null when EASE was not fitted; {@code easeNote} then says why
   * @param easeNote one line about EASE for the console: its lambda and fitting time, or why it was
   *     skipped
   * @param easeSeconds seconds to fit EASE (build X^T X, invert, form B); 0 when skipped
   */
  public record Report(
      Metrics globalMean,
      Metrics biases,
      Metrics popularity,
      Metrics ease,
      String easeNote,
      double easeSeconds) {}

  /**
   * Fits and evaluates every baseline on {@code ev}'s split; EASE only when {@link Ease#skipReason}
   * allows.
   */
  public static Report evaluate(
      Evaluator ev,
      Interactions train,
      int users,
      int movies,
      float lo,
      float hi,
      Settings settings) {
    Metrics gm = ev.evaluate(globalMean(train));
    Metrics bm = ev.evaluate(biases(train, users, movies, lo, hi));
    Metrics pm = ev.evaluate(popularity(train, movies));
    String skip = Ease.skipReason(movies, settings.easeMaxMovies(), Runtime.getRuntime());
    if (skip != null) {
      return new Report(gm, bm, pm, null, "EASE skipped: " + skip, 0);
    }
    long t0 = System.nanoTime();
    Ease ease = Ease.fit(train, users, movies, settings.easeLambda());
    double seconds = (System.nanoTime() - t0) / 1e9;
    Metrics em = ev.evaluate(ease);
    return new Report(
        gm,
        bm,
        pm,
        em,
        String.format(
            Locale.ROOT,
            "EASE lambda %s fitted in %.2f s on %d movies",
            fmt(settings.easeLambda()),
            seconds,
            movies),
        seconds);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** Number of training ratings of each movie. */
  public static int[] ratingCounts(Interactions train, int movies) {
    int[] count = new int[movies];
    for (int m : train.movie()) {
      count[m]++;
    }
    return count;
  }

  /**
   * Most popular unseen: ranks by number of training ratings (ties by movie index, as every ranking
   * here); predicts no ratings.
   */
  public static Scorer popularity(Interactions train, int movies) {
    int[] count = ratingCounts(train, movies);
    return new Scorer() {
      @Override
      public float predict(int u, int m) {
        return Float.NaN;
      }

      @Override
      public void rank(int u, float[] out) {
        for (int m = 0; m < out.length; m++) {
          out[m] = count[m];
        }
      }

      @Override
      public boolean predictsRatings() {
        return false;
      }
    };
  }

  /**
   * Predicts the training mean for everything; ranks all movies equal (so ties go to the lowest
   * movie id).
   */
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
