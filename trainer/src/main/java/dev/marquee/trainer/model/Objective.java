package dev.marquee.trainer.model;

import java.util.Locale;

/**
 * What the towers are trained to do, as given to {@code --objective}.
 *
 * <ul>
 *   <li>{@code RATING}: squared error of the observed ratings only (the fastai notebook's model);
 *       ranking then uses the rating logit's movie bias as the retrieval bias.
 *   <li>{@code RETRIEVAL}: cross-entropy of "which movie did this user rate" over the catalogue
 *       only; the rating head is left untrained.
 *   <li>{@code JOINT}: both, {@code mse + retrievalWeight * cross-entropy}, on one shared vector.
 * </ul>
 */
public enum Objective {
  RATING,
  RETRIEVAL,
  JOINT;

  public boolean rating() {
    return this != RETRIEVAL;
  }

  public boolean retrieval() {
    return this != RATING;
  }

  /** The name used on the command line and in the manifest. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
