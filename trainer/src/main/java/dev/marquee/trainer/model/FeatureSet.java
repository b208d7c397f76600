package dev.marquee.trainer.model;

import java.util.Locale;

/** Which side features the towers use, as given to {@code --features}. */
public enum FeatureSet {
  NONE,
  MOVIE,
  USER,
  ALL;

  public boolean user() {
    return this == USER || this == ALL;
  }

  public boolean movie() {
    return this == MOVIE || this == ALL;
  }

  /** The name used on the command line and in the manifest. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
