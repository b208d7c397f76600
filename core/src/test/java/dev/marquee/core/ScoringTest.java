package dev.marquee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoringTest {
  @Test
  void theVectorLayoutGivesTheRankingScoreAndTheRatingLogitKeepsItsOwnBiases() {
    Random r = new Random(7);
    for (int trial = 0; trial < 100; trial++) {
      int d = 1 + r.nextInt(64);
      float[] u = new float[d], m = new float[d];
      double plain = 0;
      for (int i = 0; i < d; i++) {
        u[i] = (float) r.nextGaussian();
        m[i] = (float) r.nextGaussian();
        plain += (double) u[i] * m[i];
      }
      float bu = (float) r.nextGaussian(),
          bm = (float) r.nextGaussian(),
          cm = (float) r.nextGaussian();
      float viaLayout = Scoring.dot(Scoring.queryVector(u), Scoring.itemVector(m, cm));
      assertEquals(plain + cm, Scoring.retrievalScore(u, m, cm), 1e-4);
      assertEquals(Scoring.retrievalScore(u, m, cm), viaLayout, 1e-4);
      assertEquals(cm, Scoring.itemVector(m, cm)[d]);
      assertEquals(plain + bu + bm, Scoring.score(u, bu, m, bm), 1e-4);
    }
  }

  @Test
  void theTwoScoresCanOrderMoviesDifferently() {
    // Movie A is rated higher by those who watch it (b_m), movie B is watched far more (c_m).
    float[] u = {1f, 0f};
    float[] a = {0.5f, 0f}, b = {0.4f, 0f};
    float bA = 1.0f, cA = -2.0f, bB = -0.5f, cB = 1.5f;
    assertTrue(Scoring.score(u, 0.1f, a, bA) > Scoring.score(u, 0.1f, b, bB), "A is rated higher");
    assertTrue(
        Scoring.retrievalScore(u, b, cB) > Scoring.retrievalScore(u, a, cA), "B ranks first");
  }

  @Test
  void predictedRatingMapsScoresIntoTheRange() {
    assertEquals(2.75f, Scoring.predictedRating(0f, 0f, 5.5f), 1e-6);
    assertEquals(5.5f, Scoring.predictedRating(50f, 0f, 5.5f), 1e-4);
    assertEquals(1f, Scoring.predictedRating(-50f, 1f, 5f), 1e-4);
  }

  @Test
  void bucketsAndFeatureVectors() {
    assertEquals("unknown", Buckets.age(0));
    assertEquals("18-24", Buckets.age(24));
    assertEquals("56+", Buckets.age(73));
    assertEquals("1990s", Buckets.year(1995));
    assertEquals("<1930", Buckets.year(1922));
    var emb = ModelArtifactsTest.sample(3).embeddings();
    // Mean of Comedy and Drama rows, no year table.
    var movie = Features.movie(emb, List.of("Comedy", "Drama"), 1995);
    assertArrayEquals(new float[] {0f, 1.25f, 2.5f}, movie.vector(), 1e-6f);
    assertEquals(-0.05f, movie.bias(), 1e-6);
    var user = Features.user(emb, 30, "F", "nurse");
    assertArrayEquals(new float[] {0.3f, 0f, 0f}, user.vector(), 1e-6f);
    assertEquals(0.05f, user.bias(), 1e-6);
    var unknown = Features.user(emb, 0, "", "");
    assertArrayEquals(new float[] {0f, 0f, 0f}, unknown.vector(), 1e-6f);
  }
}
