package dev.marquee.server.http;

import dev.marquee.core.Features;
import dev.marquee.core.Manifest;
import dev.marquee.core.MovieInfo;
import dev.marquee.server.MovieCatalogue;
import dev.marquee.server.ServingState;
import dev.marquee.server.ServingStateHolder;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The read-only views the page needs beyond the RPCs (a user's ratings, title search, a movie's
 * rating histogram, the map, the model's training settings), read from the current serving state.
 * What is derived from a whole model (the map, the popularity order, lower-case titles) is built
 * once per state, on first use.
 */
final class Browse {
  /** Most search results one call returns. */
  static final int MAX_LIMIT = 100;

  private final ServingStateHolder states;
  private final AtomicReference<Derived> derived = new AtomicReference<>();

  Browse(ServingStateHolder states) {
    this.states = states;
  }

  /** A movie as the page lists it. */
  record Movie(long movieId, String title, int year, List<String> genres) {
    static Movie of(MovieInfo m) {
      return new Movie(m.id(), m.title(), m.year(), m.genres());
    }
  }

  /** One rating of a user. */
  record Rated(long movieId, String title, int year, List<String> genres, float rating) {}

  /** A user's ratings, live ones included, highest first (ties by movie id). */
  record UserRatings(String modelId, long userId, List<Rated> ratings) {}

  /** Title search results, most popular first. */
  record Search(String modelId, List<Movie> movies) {}

  /** How many users gave a movie one rating value. */
  record Bar(float rating, int count) {}

  /** A movie with its rating histogram. */
  record MovieDetails(String modelId, Movie movie, int ratings, double mean, List<Bar> histogram) {}

  /**
   * The model beside {@code GetModelInfo}: how it was trained, and the vocabularies the page's
   * filters and forms offer.
   */
  record Model(
      String modelId,
      String split,
      Object hyperparameters,
      List<String> genres,
      int minYear,
      int maxYear,
      List<String> occupations,
      double yMin,
      double yMax) {}

  /**
   * The map, columns by movie in popularity order (retrieval bias c_m descending, ties by id), so
   * that a prefix is the most useful sample to draw first.
   */
  record MapData(
      String modelId,
      List<String> genres,
      double[] explained,
      long[] ids,
      float[] x,
      float[] y,
      int[] genre,
      String[] titles,
      int[] years) {}

  /** A user's taste direction on the map's axes. */
  record UserDirection(String modelId, long userId, double x, double y) {}

  /**
   * What is computed once per served model. The state is held weakly: after a reload the old
   * model's vectors must not stay in memory until the page's next request.
   */
  private record Derived(
      WeakReference<ServingState> state,
      int[] popular,
      String[] lowerTitles,
      List<String> genres,
      int minYear,
      int maxYear,
      MovieMap map,
      MapData mapData) {
    static Derived of(ServingState s) {
      MovieCatalogue cat = s.catalogue();
      int n = cat.size();
      float[] bias = s.embeddings().movieRetrievalBias();
      long[] ids = s.embeddings().movieIds();
      int[] popular =
          IntStream.range(0, n)
              .boxed()
              .sorted(
                  Comparator.<Integer>comparingDouble(i -> -bias[i]).thenComparingLong(i -> ids[i]))
              .mapToInt(Integer::intValue)
              .toArray();
      String[] lower = new String[n];
      TreeSet<String> genres = new TreeSet<>();
      int minYear = Integer.MAX_VALUE, maxYear = 0;
      for (int i = 0; i < n; i++) {
        MovieInfo m = cat.movie(i);
        lower[i] = m.title().toLowerCase(Locale.ROOT);
        genres.addAll(m.genres());
        if (m.year() > 0) {
          minYear = Math.min(minYear, m.year());
          maxYear = Math.max(maxYear, m.year());
        }
      }
      MovieMap map = MovieMap.of(s.embeddings().movieVectors(), s.embeddings().dim());
      List<String> genreList = List.copyOf(genres);
      return new Derived(
          new WeakReference<>(s),
          popular,
          lower,
          genreList,
          maxYear == 0 ? 0 : minYear,
          maxYear,
          map,
          mapData(s, popular, genreList, map));
    }

    /** The map's columns in popularity order. */
    private static MapData mapData(
        ServingState s, int[] popular, List<String> genres, MovieMap map) {
      int n = popular.length;
      Map<String, Integer> genreIndex = new TreeMap<>();
      for (int g = 0; g < genres.size(); g++) {
        genreIndex.put(genres.get(g), g);
      }
      long[] ids = new long[n];
      float[] x = new float[n];
      float[] y = new float[n];
      int[] genre = new int[n];
      String[] titles = new String[n];
      int[] years = new int[n];
      for (int j = 0; j < n; j++) {
        int i = popular[j];
        MovieInfo mi = s.catalogue().movie(i);
        ids[j] = mi.id();
        x[j] = map.x()[i];
        y[j] = map.y()[i];
        // The main genre is the first one the dataset lists; -1 when the movie has none.
        genre[j] = mi.genres().isEmpty() ? -1 : genreIndex.get(mi.genres().get(0));
        titles[j] = mi.title();
        years[j] = mi.year();
      }
      return new MapData(s.modelId(), genres, map.explained(), ids, x, y, genre, titles, years);
    }
  }

  UserRatings userRatings(long userId) {
    return read(
        s -> {
          if (!s.knowsUser(userId)) {
            throw unknownUser(s, userId);
          }
          MovieCatalogue cat = s.catalogue();
          List<Rated> out = new ArrayList<>();
          // Live ratings (RateMovies) included: the page shows what the user rated just now.
          float[] ratings = s.ratingsOf(userId);
          for (int m = 0; m < cat.size(); m++) {
            float r = ratings[m];
            if (!Float.isNaN(r)) {
              MovieInfo mi = cat.movie(m);
              out.add(new Rated(mi.id(), mi.title(), mi.year(), mi.genres(), r));
            }
          }
          out.sort(
              Comparator.comparingDouble((Rated r) -> -r.rating())
                  .thenComparingLong(Rated::movieId));
          return new UserRatings(s.modelId(), userId, out);
        });
  }

  /**
   * Movies whose title contains every word of {@code query} (case-insensitive), most popular first;
   * an empty query lists the most popular movies.
   */
  Search search(String query, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be in [1, " + MAX_LIMIT + "]; limit=" + limit);
    }
    String[] words = query.toLowerCase(Locale.ROOT).trim().split("\\s+");
    return read(
        s -> {
          Derived d = derived(s);
          List<Movie> out = new ArrayList<>();
          for (int i : d.popular()) {
            if (Arrays.stream(words).allMatch(w -> d.lowerTitles()[i].contains(w))) {
              out.add(Movie.of(s.catalogue().movie(i)));
              if (out.size() == limit) {
                break;
              }
            }
          }
          return new Search(s.modelId(), out);
        });
  }

  MovieDetails movie(long movieId) {
    return read(
        s -> {
          int m = s.catalogue().indexOf(movieId);
          if (m < 0) {
            throw ApiException.notFound(
                "movie_id is not a movie of model " + s.modelId() + "; movie_id=" + movieId);
          }
          TreeMap<Float, Integer> counts = new TreeMap<>();
          double sum = 0;
          int n = 0;
          for (int u = 0, users = s.embeddings().userIds().length; u < users; u++) {
            float r = s.histories().rating(u, m);
            if (!Float.isNaN(r)) {
              counts.merge(r, 1, Integer::sum);
              sum += r;
              n++;
            }
          }
          List<Bar> bars = new ArrayList<>();
          counts.forEach((r, c) -> bars.add(new Bar(r, c)));
          return new MovieDetails(
              s.modelId(), Movie.of(s.catalogue().movie(m)), n, n == 0 ? 0 : sum / n, bars);
        });
  }

  Model model() {
    return read(
        s -> {
          Derived d = derived(s);
          Manifest m = s.manifest();
          List<String> occupations =
              m.vocabularies().getOrDefault(Features.USER_OCCUPATION, List.of());
          return new Model(
              s.modelId(),
              m.split(),
              m.hyperparameters(),
              d.genres(),
              d.minYear(),
              d.maxYear(),
              occupations,
              s.yMin(),
              s.yMax());
        });
  }

  MapData map() {
    return read(s -> derived(s).mapData());
  }

  UserDirection userDirection(long userId) {
    return read(
        s -> {
          int u = user(s, userId);
          double[] p = derived(s).map().direction(s.embeddings().userVectors()[u]);
          return new UserDirection(s.modelId(), userId, p[0], p[1]);
        });
  }

  private static int user(ServingState s, long userId) {
    int u = s.userIndex(userId);
    if (u < 0) {
      throw unknownUser(s, userId);
    }
    return u;
  }

  private static ApiException unknownUser(ServingState s, long userId) {
    return ApiException.notFound(
        "user_id is not a user of model " + s.modelId() + "; user_id=" + userId);
  }

  private Derived derived(ServingState s) {
    Derived d = derived.get();
    if (d == null || d.state().get() != s) {
      // Two first calls may both build it; the result is the same, and the last one stays.
      d = Derived.of(s);
      derived.set(d);
    }
    return d;
  }

  /** Runs {@code view} on one leased state; 503 while no model is loaded. */
  private <T> T read(Function<ServingState, T> view) {
    try (ServingStateHolder.Lease lease = states.acquire()) {
      if (lease == null) {
        throw new ApiException(503, "UNAVAILABLE", "no model loaded yet");
      }
      return view.apply(lease.state());
    }
  }
}
