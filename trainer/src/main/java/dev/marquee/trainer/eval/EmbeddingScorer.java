package dev.marquee.trainer.eval;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Scoring;

/**
 * Scores with core's {@link Scoring} on an artifact's exported vectors: the server's arithmetic.
 */
public record EmbeddingScorer(Embeddings e, float yLo, float yHi) implements Scorer {
  @Override
  public float predict(int u, int m) {
    return Scoring.predictedRating(
        Scoring.score(e.userVectors()[u], e.userBias()[u], e.movieVectors()[m], e.movieBias()[m]),
        yLo,
        yHi);
  }

  @Override
  public void rank(int u, float[] out) {
    float[] uv = e.userVectors()[u];
    for (int m = 0; m < out.length; m++) {
      out[m] = Scoring.retrievalScore(uv, e.movieVectors()[m], e.movieRetrievalBias()[m]);
    }
  }
}
