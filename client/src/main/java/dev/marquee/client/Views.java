package dev.marquee.client;

import dev.marquee.proto.v1.ModelInfo;
import dev.marquee.proto.v1.MovieRef;
import dev.marquee.proto.v1.PredictRatingsResponse;
import dev.marquee.proto.v1.Prediction;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.SimilarMovie;
import dev.marquee.proto.v1.SimilarMoviesResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the commands print, as plain values: the text tables and the {@code --json} documents
 * (written by {@link dev.marquee.core.cli.Json}) are both rendered from these records, so they
 * always carry the same fields. JSON keys are the records' components in snake_case, which match
 * the proto field names; maps are sorted by key.
 */
final class Views {
  private Views() {}

  record MovieRefView(long movieId, String title) {
    static MovieRefView of(MovieRef ref) {
      return new MovieRefView(ref.getMovieId(), ref.getTitle());
    }
  }

  /** One recommended movie; {@code becauseYouLiked} is null when the server sent none. */
  record Recommendation(
      int rank,
      long movieId,
      String title,
      int year,
      List<String> genres,
      float score,
      float predictedRating,
      MovieRefView becauseYouLiked) {}

  /** A Recommend or RecommendForProfile answer. */
  record Recommendations(String modelId, boolean coldStart, List<Recommendation> items) {
    static Recommendations of(RecommendResponse r) {
      List<Recommendation> items = new ArrayList<>();
      for (RecommendedMovie m : r.getItemsList()) {
        items.add(
            new Recommendation(
                items.size() + 1,
                m.getMovieId(),
                m.getTitle(),
                m.getYear(),
                List.copyOf(m.getGenresList()),
                m.getScore(),
                m.getPredictedRating(),
                m.hasBecauseYouLiked() ? MovieRefView.of(m.getBecauseYouLiked()) : null));
      }
      return new Recommendations(r.getModelId(), r.getColdStart(), items);
    }
  }

  record Similar(
      int rank, long movieId, String title, int year, List<String> genres, float similarity) {}

  record SimilarMovies(String modelId, MovieRefView movie, List<Similar> items) {
    static SimilarMovies of(SimilarMoviesResponse r) {
      List<Similar> items = new ArrayList<>();
      for (SimilarMovie m : r.getItemsList()) {
        items.add(
            new Similar(
                items.size() + 1,
                m.getMovieId(),
                m.getTitle(),
                m.getYear(),
                List.copyOf(m.getGenresList()),
                m.getSimilarity()));
      }
      return new SimilarMovies(r.getModelId(), MovieRefView.of(r.getMovie()), items);
    }
  }

  /** One predicted rating; {@code actualRating} is null when the user has not rated the movie. */
  record PredictionView(
      long movieId, String title, float score, float predictedRating, Float actualRating) {}

  record Predictions(String modelId, long userId, List<PredictionView> predictions) {
    static Predictions of(long userId, PredictRatingsResponse r) {
      List<PredictionView> items = new ArrayList<>();
      for (Prediction p : r.getPredictionsList()) {
        items.add(
            new PredictionView(
                p.getMovieId(),
                p.getTitle(),
                p.getScore(),
                p.getPredictedRating(),
                p.hasActualRating() ? p.getActualRating() : null));
      }
      return new Predictions(r.getModelId(), userId, items);
    }
  }

  record Info(
      String modelId,
      String dataset,
      long users,
      long movies,
      long ratings,
      int factors,
      float yMin,
      float yMax,
      float ratingMin,
      float ratingMax,
      String features,
      Map<String, Double> metrics,
      Map<String, String> indexParams,
      String createdAt) {
    static Info of(ModelInfo i) {
      return new Info(
          i.getModelId(),
          i.getDataset(),
          i.getUsers(),
          i.getMovies(),
          i.getRatings(),
          i.getFactors(),
          i.getYMin(),
          i.getYMax(),
          i.getRatingMin(),
          i.getRatingMax(),
          i.getFeatures(),
          new TreeMap<>(i.getMetricsMap()),
          new TreeMap<>(i.getIndexParamsMap()),
          i.getCreatedAt());
    }
  }

  record Health(String target, String service, String status) {}
}
