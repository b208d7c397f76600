package dev.marquee.trainer.eval;

/** Something that predicts ratings and ranks movies for dense user/movie indices. */
public interface Scorer {
  /** Predicted rating of movie m by user u. */
  float predict(int u, int m);

  /** Ranking scores of every movie for user u (higher is better), written into {@code out}. */
  void rank(int u, float[] out);
}
