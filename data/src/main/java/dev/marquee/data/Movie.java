package dev.marquee.data;

import java.util.List;
import java.util.Objects;

/**
 * One movie as the dataset describes it.
 *
 * @param id the dataset's movie id
 * @param title title without the trailing {@code " (1995)"}, accents kept
 * @param year release year, 0 when unknown
 * @param genres genre names from {@link Dataset#genres()} as the file lists them (ML-100K:
 *     vocabulary order); empty when none
 */
public record Movie(long id, String title, int year, List<String> genres) {
  public Movie {
    Objects.requireNonNull(title, "title");
    genres = List.copyOf(genres);
  }
}
