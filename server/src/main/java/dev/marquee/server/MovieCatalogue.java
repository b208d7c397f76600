package dev.marquee.server;

import dev.marquee.core.MovieInfo;
import dev.marquee.core.MovieSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The served model's movies by artifact row: metadata, id lookup, the genre/year filter as a set of
 * allowed movies, and the prebuilt proto pieces of answers. Immutable; built once per model.
 */
public final class MovieCatalogue {
  private final List<MovieInfo> movies;
  private final IdIndex ids;
  private final Map<String, MovieSet> genreMovies;

  /** Movie indices sorted by release year, and the years in that order (for range filters). */
  private final int[] byYear;

  private final int[] sortedYears;
  private final ProtoCache protos;

  /**
   * @param movies the artifact's movies, in row order
   */
  public MovieCatalogue(List<MovieInfo> movies) {
    this.movies = List.copyOf(movies);
    int n = movies.size();
    this.ids = IdIndex.of(movies.stream().mapToLong(MovieInfo::id).toArray(), "movie");
    Map<String, MovieSet> genres = new TreeMap<>();
    int[] years = new int[n];
    for (int i = 0; i < n; i++) {
      MovieInfo m = movies.get(i);
      years[i] = m.year();
      for (String g : m.genres()) {
        genres.computeIfAbsent(g, x -> new MovieSet(n)).add(i);
      }
    }
    this.genreMovies = genres;
    this.byYear =
        IntStream.range(0, n)
            .boxed()
            .sorted((a, b) -> Integer.compare(years[a], years[b]))
            .mapToInt(Integer::intValue)
            .toArray();
    this.sortedYears = new int[n];
    for (int i = 0; i < n; i++) {
      sortedYears[i] = years[byYear[i]];
    }
    this.protos = new ProtoCache(this.movies);
  }

  /** Number of movies. */
  public int size() {
    return movies.size();
  }

  public MovieInfo movie(int index) {
    return movies.get(index);
  }

  /** Index of a movie id, or -1. */
  public int indexOf(long movieId) {
    return ids.indexOf(movieId);
  }

  /**
   * The movies a filter allows, as a fresh set the caller may narrow further.
   *
   * @throws InvalidRequestException for an unknown genre
   */
  public MovieSet allowed(MovieFilterSpec filter) {
    int n = size();
    MovieSet allowed;
    if (filter.genres().isEmpty()) {
      allowed = MovieSet.all(n);
    } else {
      allowed = new MovieSet(n);
      for (int g = 0; g < filter.genres().size(); g++) {
        String name = filter.genres().get(g);
        MovieSet gs = genreMovies.get(name);
        if (gs == null) {
          throw new InvalidRequestException(
              "filter.genres["
                  + g
                  + "] must be one of the model's genres ("
                  + String.join(", ", genreMovies.keySet())
                  + "); filter.genres["
                  + g
                  + "]="
                  + InvalidRequestException.echo(name));
        }
        allowed.addAll(gs);
      }
    }
    if (filter.minYear() != 0 || filter.maxYear() != 0) {
      // Movies of unknown year (0) never pass a year range. Cost: the movies inside the range.
      int lo = Math.max(1, filter.minYear());
      int hi = filter.maxYear() == 0 ? Integer.MAX_VALUE : filter.maxYear();
      MovieSet inRange = new MovieSet(n);
      for (int j = firstAtLeast(lo); j < n && sortedYears[j] <= hi; j++) {
        inRange.add(byYear[j]);
      }
      allowed.retainAll(inRange);
    }
    return allowed;
  }

  /** The first position in {@link #sortedYears} with a year >= y. */
  private int firstAtLeast(int y) {
    int lo = 0, hi = sortedYears.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sortedYears[mid] < y) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Prebuilt proto pieces of these movies. */
  ProtoCache protos() {
    return protos;
  }
}
