package dev.marquee.trainer.model;

import java.util.Random;

/**
 * Candidates for the sampled softmax: the batch's own movies first, then negatives drawn with
 * probability proportional to each movie's number of training ratings (a random training example's
 * movie), so every column was drawn from the same distribution Q and one correction, -log Q(m),
 * fits them all (Yi et al. 2019's logQ correction; Jean et al. 2015's sampled softmax).
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

  /** The batch's movies followed by {@code negatives} sampled ones. */
  int[] candidates(int[] batch, int negatives, Random rnd) {
    int[] c = new int[batch.length + negatives];
    System.arraycopy(batch, 0, c, 0, batch.length);
    for (int i = batch.length; i < c.length; i++) {
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
   * Row-major [batch, candidates] additive mask: a large negative number where column j holds row i's
   * own movie but is not row i's positive column (an "accidental hit"), else 0.
   */
  static float[] hitMask(int[] batch, int[] candidates) {
    int c = candidates.length;
    float[] mask = new float[batch.length * c];
    for (int i = 0; i < batch.length; i++) {
      for (int j = 0; j < c; j++) {
        if (j != i && candidates[j] == batch[i]) {
          mask[i * c + j] = -1e9f;
        }
      }
    }
    return mask;
  }
}
