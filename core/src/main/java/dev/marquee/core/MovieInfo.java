package dev.marquee.core;

import java.util.List;

/**
 * A movie's metadata as served: dataset id, title (without the year suffix), release year (0 if
 * unknown), genres.
 */
public record MovieInfo(long id, String title, int year, List<String> genres) {
  public MovieInfo {
    genres = List.copyOf(genres);
  }
}
