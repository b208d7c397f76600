package dev.marquee.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.marquee.core.Embeddings;
import dev.marquee.core.FeatureTable;
import dev.marquee.core.Features;
import dev.marquee.core.Scoring;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Concatenation scores the mean of the parts' scores (rating and ranking), for trained and for
 * features-only vectors.
 */
class EnsembleTest {
  @Test
  void concatenationScoresTheMeanScore() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    List<Embeddings> parts = List.of(random(r), random(r), random(r));
    Embeddings e = Ensemble.concat(parts);
    assertEquals(9, e.dim());
    for (int u = 0; u < 4; u++) {
      for (int m = 0; m < 5; m++) {
        double mean = 0;
        for (Embeddings p : parts) {
          mean +=
              Scoring.score(
                      p.userVectors()[u], p.userBias()[u], p.movieVectors()[m], p.movieBias()[m])
                  / 3;
        }
        assertEquals(
            mean,
            Scoring.score(
                e.userVectors()[u], e.userBias()[u], e.movieVectors()[m], e.movieBias()[m]),
            1e-5,
            "seed " + seed);
        double meanRanking = 0;
        for (Embeddings p : parts) {
          meanRanking +=
              Scoring.retrievalScore(
                      p.userVectors()[u], p.movieVectors()[m], p.movieRetrievalBias()[m])
                  / 3;
        }
        assertEquals(
            meanRanking,
            Scoring.retrievalScore(
                e.userVectors()[u], e.movieVectors()[m], e.movieRetrievalBias()[m]),
            1e-5,
            "seed " + seed);
      }
    }
    Features.Vector fu = Features.user(e, 30, "M", "x");
    Features.Vector fm = Features.movie(e, List.of("a", "b"), 1995);
    double mean = 0;
    for (Embeddings p : parts) {
      Features.Vector pu = Features.user(p, 30, "M", "x"),
          pm = Features.movie(p, List.of("a", "b"), 1995);
      mean += Scoring.score(pu.vector(), pu.bias(), pm.vector(), pm.bias()) / 3;
    }
    assertEquals(
        mean, Scoring.score(fu.vector(), fu.bias(), fm.vector(), fm.bias()), 1e-5, "seed " + seed);
  }

  private static Embeddings random(Random r) {
    return new Embeddings(
        3,
        new long[] {1, 2, 3, 4},
        m(r, 4, 3),
        v(r, 4),
        new long[] {1, 2, 3, 4, 5},
        m(r, 5, 3),
        v(r, 5),
        v(r, 5),
        List.of(
            new FeatureTable(
                Features.USER_GENDER, List.of("unknown", "F", "M"), m(r, 3, 3), v(r, 3)),
            new FeatureTable(
                Features.MOVIE_GENRE, List.of("unknown", "a", "b"), m(r, 3, 3), v(r, 3)),
            new FeatureTable(
                Features.MOVIE_YEAR, List.of("unknown", "1990s"), m(r, 2, 3), v(r, 2))));
  }

  private static float[][] m(Random r, int n, int d) {
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = v(r, d);
    }
    return out;
  }

  private static float[] v(Random r, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }
}
