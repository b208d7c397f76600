package dev.marquee.server;

import com.google.protobuf.ByteString;
import dev.marquee.core.MovieInfo;
import dev.marquee.proto.v1.MovieRef;
import dev.marquee.proto.v1.RecommendedMovie;
import java.util.List;

/**
 * Per-movie proto pieces built once per model: a {@link RecommendedMovie} with title, year and
 * genres already set (as UTF-8 bytes, so serialising an answer copies bytes instead of encoding
 * strings) and a {@link MovieRef}. Only for catalogues up to {@link #MAX_MOVIES}; larger ones build
 * the pieces per call rather than hold ~200 bytes per movie.
 */
final class ProtoCache {
  static final int MAX_MOVIES = 100_000;

  private final List<MovieInfo> movies;
  private final RecommendedMovie[] recommended;
  private final MovieRef[] refs;

  ProtoCache(List<MovieInfo> movies) {
    this.movies = movies;
    if (movies.size() > MAX_MOVIES) {
      recommended = null;
      refs = null;
      return;
    }
    recommended = new RecommendedMovie[movies.size()];
    refs = new MovieRef[movies.size()];
    for (int i = 0; i < movies.size(); i++) {
      MovieInfo m = movies.get(i);
      ByteString title = ByteString.copyFromUtf8(m.title());
      RecommendedMovie.Builder b =
          RecommendedMovie.newBuilder().setMovieId(m.id()).setTitleBytes(title).setYear(m.year());
      for (String g : m.genres()) {
        b.addGenresBytes(ByteString.copyFromUtf8(g));
      }
      recommended[i] = b.build();
      refs[i] = MovieRef.newBuilder().setMovieId(m.id()).setTitleBytes(title).build();
    }
  }

  /** A builder with movie i's id, title, year and genres set. */
  RecommendedMovie.Builder recommended(int i) {
    if (recommended != null) {
      return recommended[i].toBuilder();
    }
    MovieInfo m = movies.get(i);
    return RecommendedMovie.newBuilder()
        .setMovieId(m.id())
        .setTitle(m.title())
        .setYear(m.year())
        .addAllGenres(m.genres());
  }

  /** Movie i as a reference. */
  MovieRef ref(int i) {
    if (refs != null) {
      return refs[i];
    }
    MovieInfo m = movies.get(i);
    return MovieRef.newBuilder().setMovieId(m.id()).setTitle(m.title()).build();
  }
}
