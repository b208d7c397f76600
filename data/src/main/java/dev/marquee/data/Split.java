package dev.marquee.data;

import java.util.Objects;

/**
 * A train/validation partition of a dataset's ratings (indices into the same dataset's id maps).
 *
 * @param name the spec that made it, e.g. {@code random}, {@code u1}, {@code leave-last-1}
 * @param train rows to fit on
 * @param valid held-out rows; empty for {@code none}
 */
public record Split(String name, Ratings train, Ratings valid) {
  public Split {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(valid, "valid");
  }
}
