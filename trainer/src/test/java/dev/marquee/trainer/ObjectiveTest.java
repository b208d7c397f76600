package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.marquee.core.Embeddings;
import dev.marquee.data.Dataset;
import dev.marquee.data.Splits;
import dev.marquee.data.testing.Datasets;
import dev.marquee.trainer.eval.Baselines;
import dev.marquee.trainer.eval.Ease;
import dev.marquee.trainer.model.Objective;
import dev.marquee.trainer.model.Softmax;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three objectives on data whose choices follow planted taste ({@link Datasets#tasteChoices}:
 * 300 users, 300 movies, 40 ratings each on average): the retrieval losses, full or sampled, must
 * rank better than the rating loss and than most-popular, and export their own retrieval bias.
 */
class ObjectiveTest {
  @TempDir static Path tmp;
  static Prepared prepared;
  static Training.Result rating;
  static Training.Result joint;
  static Training.Result retrieval;
  static Training.Result sampled;

  @BeforeAll
  static void train() throws Exception {
    Dataset d = Datasets.synthetic(tmp.resolve("choices"), Datasets.tasteChoices(5));
    prepared = Prepared.of(d, Splits.of(d, "random", 0.1, 42));
    rating = run(Objective.RATING, Softmax.FULL);
    joint = run(Objective.JOINT, Softmax.FULL);
    retrieval = run(Objective.RETRIEVAL, Softmax.FULL);
    sampled = run(Objective.JOINT, Softmax.SAMPLED);
  }

  /**
   * The defaults but 16 factors, 6 epochs of 256; 150 sampled negatives (half the catalogue). EASE
   * is not fitted.
   */
  static Training.Result run(Objective objective, Softmax softmax) {
    TrainConfig d = TrainConfig.defaults();
    TrainConfig c =
        new TrainConfig(
            16,
            6,
            d.lr(),
            d.wd(),
            256,
            d.yLo(),
            d.yHi(),
            d.features(),
            d.implicit(),
            d.idDropout(),
            d.movieIdDropout(),
            42,
            objective,
            1f,
            1f,
            0f,
            softmax,
            150,
            d.historyCap());
    return Training.run(
        prepared,
        c,
        1,
        new Baselines.Settings(Ease.LAMBDA, 0),
        Device.cpu(),
        new TrainingLoop.Listener() {});
  }

  private static String recalls() {
    return String.format(
        java.util.Locale.ROOT,
        "Recall@10: rating %.4f, joint %.4f, retrieval %.4f, sampled %.4f, most popular %.4f",
        rating.model().recallAt10(),
        joint.model().recallAt10(),
        retrieval.model().recallAt10(),
        sampled.model().recallAt10(),
        rating.baselines().popularity().recallAt10());
  }

  @Test
  void retrievalObjectivesRankBetterThanRatingAndMostPopular() {
    double pop = rating.baselines().popularity().recallAt10(), r = rating.model().recallAt10();
    assertTrue(pop > 0 && r > 0, recalls());
    for (Training.Result x : new Training.Result[] {joint, retrieval}) {
      assertTrue(x.model().recallAt10() > 1.25 * r, recalls());
      assertTrue(x.model().recallAt10() > 1.25 * pop, recalls());
      assertTrue(x.model().ndcgAt10() > rating.baselines().popularity().ndcgAt10(), recalls());
    }
  }

  @Test
  void sampledSoftmaxBeatsMostPopular() {
    assertTrue(
        sampled.model().recallAt10() > 1.25 * sampled.baselines().popularity().recallAt10(),
        recalls());
  }

  @Test
  void jointKeepsARatingHeadRetrievalOnlyDoesNot() {
    double biases = joint.biases().rmse();
    assertTrue(
        joint.model().rmse() < biases, "joint " + joint.model().rmse() + " vs biases " + biases);
    assertTrue(
        rating.model().rmse() < biases, "rating " + rating.model().rmse() + " vs biases " + biases);
    assertTrue(
        retrieval.model().rmse() > biases,
        "retrieval-only's rating head is untrained: " + retrieval.model().rmse());
  }

  @Test
  void ratingOnlyExportsItsCentredRatingBiasAsRetrievalBias() {
    Embeddings e = rating.embeddings();
    float[] b = e.movieBias(), c = e.movieRetrievalBias();
    double mean = 0;
    for (float x : b) {
      mean += x;
    }
    mean /= b.length;
    for (int m = 0; m < b.length; m++) {
      assertEquals(b[m] - mean, c[m], 1e-5, "movie " + m);
    }
  }

  @Test
  void retrievalBiasIsTrainedCentredAndFollowsPopularity() {
    int[] count = Baselines.ratingCounts(prepared.train(), prepared.movies());
    double[] logCount = new double[count.length];
    for (int m = 0; m < count.length; m++) {
      logCount[m] = Math.log(1 + count[m]);
    }
    for (Training.Result x : new Training.Result[] {joint, retrieval, sampled}) {
      float[] c = x.embeddings().movieRetrievalBias(), b = x.embeddings().movieBias();
      assertEquals(0, mean(c), 1e-4, "c_m is centred");
      double cPop = correlation(c, logCount);
      assertTrue(cPop > 0.5, "c_m vs log popularity: correlation " + cPop);
      if (x == retrieval) {
        // The retrieval-only model never trains b_m: c_m is not it, nor a shift of it.
        double cb = correlation(c, toDouble(b));
        assertTrue(Math.abs(cb) < 0.5, "retrieval-only c_m vs b_m: correlation " + cb);
      }
    }
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static double correlation(float[] a, double[] b) {
    return correlation(toDouble(a), b);
  }

  private static double correlation(double[] a, double[] b) {
    double ma = 0, mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i] / a.length;
      mb += b[i] / b.length;
    }
    double sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
