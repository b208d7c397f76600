package dev.marquee.server;

import java.util.List;

/**
 * Which movies may be recommended: any of {@code genres} (empty = all), released within [minYear,
 * maxYear] (0 = unbounded; a bounded range excludes movies of unknown year).
 */
public record MovieFilterSpec(List<String> genres, int minYear, int maxYear) {
  /** No restriction. */
  public static final MovieFilterSpec NONE = new MovieFilterSpec(List.of(), 0, 0);

  public MovieFilterSpec {
    genres = List.copyOf(genres);
  }

  /** True when nothing is restricted. */
  public boolean isEmpty() {
    return genres.isEmpty() && minYear == 0 && maxYear == 0;
  }
}
