package dev.marquee.trainer.model;

import java.util.Random;

/**
 * Negatives for the sampled softmax, drawn with probability Q(m) proportional to each movie's
 * number of training ratings (a random training example's movie), and the -log Q(m) correction that
 * makes the sampled softmax an unbiased stand-in for the full one (Jean et al. 2015; Yi et al.
 * 2019).
 */
final class NegativeSampler {
  private final int[] trainMovies;
  private final float[] logQ;

  private NegativeSampler(int[] trainMovies, float[] logQ) {
    this.trainMovies = trainMovies;
    this.logQ = logQ;
  }

  static NegativeSampler of(Interactions train, int movies) {
    int[] count = new int[movies];
    for (int m : train.movie()) {
      count[m]++;
    }
    float[] logQ = new float[movies];
    double n = train.size();
    for (int m = 0; m < movies; m++) {
      // A movie without training ratings is never a positive nor drawn; any finite value will do.
      logQ[m] = (float) StrictMath.log(Math.max(count[m], 1) / n);
    }
    return new NegativeSampler(train.movie(), logQ);
  }

  /**
   * {@code n} movies drawn with replacement with probability proportional to their training
   * ratings.
   */
  int[] sample(int n, Random rnd) {
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = trainMovies[rnd.nextInt(trainMovies.length)];
    }
    return c;
  }

  /** log Q(m) of each candidate. */
  float[] logProbability(int[] candidates) {
    float[] out = new float[candidates.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logQ[candidates[i]];
    }
    return out;
  }

  /**
   * Row-major [batch, negatives] additive mask: a large negative number where negative j is row i's
   * own movie (an "accidental hit", which must not count against it), else 0.
   */
  static float[] hitMask(int[] batch, int[] negatives) {
    int c = negatives.length;
    float[] mask = new float[batch.length * c];
    for (int i = 0; i < batch.length; i++) {
      for (int j = 0; j < c; j++) {
        if (negatives[j] == batch[i]) {
          mask[i * c + j] = -1e9f;
        }
      }
    }
    return mask;
  }
}
