package dev.marquee.trainer.eval;

/** Something that predicts ratings and ranks movies for dense user/movie indices. */
public interface Scorer {
  /** Predicted rating of movie m by user u; NaN when {@link #predictsRatings()} is false. */
  float predict(int u, int m);

  /** Ranking scores of every movie for user u (higher is better), written into {@code out}. */
  void rank(int u, float[] out);

  /**
   * False for predictors that only rank (most popular, EASE): the evaluator then reports their
   * rating metrics as NaN instead of scoring a number that is not a rating.
   */
  default boolean predictsRatings() {
    return true;
  }
}
