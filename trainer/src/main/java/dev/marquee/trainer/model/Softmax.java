package dev.marquee.trainer.model;

import java.util.Locale;

/**
 * How the retrieval loss's softmax covers the catalogue, as given to {@code --softmax}: over every
 * movie ({@code FULL}), or over the batch's own movies plus popularity-sampled negatives with the
 * logQ correction ({@code SAMPLED}); {@code AUTO} picks full up to {@link #FULL_MAX_MOVIES} movies.
 */
public enum Softmax {
  AUTO,
  FULL,
  SAMPLED;

  /**
   * Largest catalogue {@code AUTO} trains with the full softmax (see BENCHMARKS.md, "Retrieval
   * objective").
   */
  public static final int FULL_MAX_MOVIES = 10_000;

  /** Whether a catalogue of {@code movies} uses the full softmax. */
  public boolean full(int movies) {
    return this == FULL || this == AUTO && movies <= FULL_MAX_MOVIES;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
