package dev.marquee.client;

import java.util.Map;

/** The human-readable rendering of each {@link Views} value (the non-{@code --json} output). */
final class TextOutput {
  static final int TITLE_WIDTH = 44;
  static final int GENRE_WIDTH = 30;
  static final int LIKED_WIDTH = 36;

  private TextOutput() {}

  static String recommendations(String subject, Views.Recommendations r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Top ")
        .append(r.items().size())
        .append(" for ")
        .append(subject)
        .append(" - model ")
        .append(r.modelId());
    if (r.coldStart()) {
      sb.append(" (cold start)");
    }
    sb.append('\n');
    if (r.items().isEmpty()) {
      return sb.append("(no movies matched)\n").toString();
    }
    Table t =
        new Table()
            .right("#")
            .right("movie")
            .left("title")
            .left("genres")
            .right("rating")
            .left("because you liked");
    for (Views.Recommendation m : r.items()) {
      t.row(
          m.rank(),
          m.movieId(),
          Table.titleYear(m.title(), m.year(), TITLE_WIDTH),
          genres(m.genres()),
          Table.decimals(m.predictedRating(), 2),
          m.becauseYouLiked() == null
              ? ""
              : Table.truncate(m.becauseYouLiked().title(), LIKED_WIDTH));
    }
    return sb.append(t.render()).toString();
  }

  static String similar(Views.SimilarMovies s) {
    StringBuilder sb = new StringBuilder();
    sb.append("Similar to ")
        .append(s.movie().movieId())
        .append(' ')
        .append(s.movie().title())
        .append(" - model ")
        .append(s.modelId())
        .append('\n');
    if (s.items().isEmpty()) {
      return sb.append("(no similar movies)\n").toString();
    }
    Table t =
        new Table().right("#").right("movie").left("title").left("genres").right("similarity");
    for (Views.Similar m : s.items()) {
      t.row(
          m.rank(),
          m.movieId(),
          Table.titleYear(m.title(), m.year(), TITLE_WIDTH),
          genres(m.genres()),
          Table.decimals(m.similarity(), 3));
    }
    return sb.append(t.render()).toString();
  }

  static String predictions(Views.Predictions p) {
    StringBuilder sb = new StringBuilder();
    sb.append("Predicted ratings for user ")
        .append(p.userId())
        .append(" - model ")
        .append(p.modelId())
        .append('\n');
    Table t =
        new Table().right("movie").left("title").right("predicted").right("actual").right("score");
    for (Views.PredictionView m : p.predictions()) {
      t.row(
          m.movieId(),
          Table.truncate(m.title(), TITLE_WIDTH),
          Table.decimals(m.predictedRating(), 2),
          m.actualRating() == null ? "-" : Table.decimals(m.actualRating(), 1),
          Table.decimals(m.score(), 3));
    }
    return sb.append(t.render()).toString();
  }

  static String info(Views.Info i) {
    Table t = new Table().left("field").left("value");
    t.row("model_id", i.modelId());
    t.row("dataset", i.dataset());
    t.row("created_at", i.createdAt());
    t.row("users", i.users());
    t.row("movies", i.movies());
    t.row("ratings", i.ratings());
    t.row("factors", i.factors());
    t.row("y_range", "[" + Table.decimals(i.yMin(), 2) + ", " + Table.decimals(i.yMax(), 2) + "]");
    t.row(
        "rating_scale",
        "[" + Table.decimals(i.ratingMin(), 2) + ", " + Table.decimals(i.ratingMax(), 2) + "]");
    t.row("features", i.features());
    for (Map.Entry<String, Double> e : i.metrics().entrySet()) {
      t.row("metric " + e.getKey(), Table.decimals(e.getValue(), 4));
    }
    for (Map.Entry<String, String> e : i.indexParams().entrySet()) {
      t.row("index " + e.getKey(), e.getValue());
    }
    return t.render();
  }

  private static String genres(java.util.List<String> genres) {
    return Table.truncate(String.join("|", genres), GENRE_WIDTH);
  }
}
