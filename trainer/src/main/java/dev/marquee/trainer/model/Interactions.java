package dev.marquee.trainer.model;

/** Parallel arrays of (user index, movie index, rating): a training or validation set. */
public record Interactions(int[] user, int[] movie, float[] rating) {
  public Interactions {
    if (user.length != movie.length || user.length != rating.length) {
      throw new IllegalArgumentException(
          "ragged interactions: "
              + user.length
              + " users, "
              + movie.length
              + " movies, "
              + rating.length
              + " ratings");
    }
  }

  public int size() {
    return user.length;
  }

  /** Mean rating; 0 when empty. */
  public double mean() {
    double s = 0;
    for (float r : rating) {
      s += r;
    }
    return user.length == 0 ? 0 : s / user.length;
  }
}
