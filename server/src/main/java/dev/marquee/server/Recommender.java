package dev.marquee.server;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Features;
import dev.marquee.core.MovieSet;
import dev.marquee.core.Scoring;
import dev.marquee.core.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The domain behind every RPC, over one {@link ServingState} snapshot per call.
 *
 * <p>Recommend: user vector -> candidates from the state's {@link Retriever} among the movies the
 * catalogue's genre/year filter allows minus the user's seen movies -> exact rerank with the
 * artifact's float vectors by the ranking score u·m + c_m ({@link Scoring#retrievalScore}) -> top k
 * by that score, ties by movie id. Every user is ranked this way: dataset users, features-only and
 * folded-in profiles, and (with a zero vector, so by c_m alone) the popularity fallback. Each
 * item's {@code predicted_rating} comes from the other head, the rating logit u·m + b_u + b_m
 * ({@link Scoring#score}), and each item is explained by the highly rated movie of the user with
 * the highest cosine to it.
 */
public final class Recommender {
  /** Largest k any call accepts. */
  public static final int MAX_K = 1000;

  /** Most movie ids one PredictRatings call accepts. */
  public static final int MAX_PREDICTIONS = 1000;

  /** Most ratings one profile may carry. */
  public static final int MAX_PROFILE_RATINGS = 10_000;

  private final FoldIn foldIn;

  public Recommender(FoldIn foldIn) {
    this.foldIn = foldIn;
  }

  /**
   * One recommended movie: index, exact ranking score u·m + c_m, predicted rating (from the rating
   * logit u·m + b_u + b_m), and the explaining movie index (-1 for none).
   */
  public record Item(int movie, float score, float predictedRating, int becauseYouLiked) {}

  /** A recommendation answer. */
  public record Result(List<Item> items, boolean coldStart) {}

  /**
   * One predicted rating; {@code score} is the rating logit u·m + b_u + b_m (not the ranking
   * score), {@code actualRating} is NaN when the user did not rate the movie.
   */
  public record Prediction(int movie, float score, float predictedRating, float actualRating) {}

  /** One similar movie with its cosine. */
  public record Similar(int movie, float similarity) {}

  /** A user the model has never seen. */
  public record Profile(
      int age, String gender, String occupation, long[] movieIds, float[] ratings) {}

  /**
   * Top k for a dataset user, or a user live ratings created or changed (their refitted vector,
   * their live-rated movies seen too); an unknown user gets the cold-start answer.
   */
  public Result recommend(
      ServingState s, long userId, int k, boolean includeSeen, MovieFilterSpec filter) {
    MovieSet allowed = s.catalogue().allowed(filter);
    int ui = s.userIndex(userId);
    LiveUsers.LiveUser live = s.live().get(userId);
    if (live != null) {
      // Refitted by live ratings: its own vector, and the live-rated movies are seen too.
      if (!includeSeen) {
        if (ui >= 0) {
          s.histories().removeSeen(ui, allowed);
        }
        for (int m : live.movies()) {
          allowed.remove(m);
        }
      }
      return new Result(
          rank(s, live.vector(), live.bias(), k, allowed, filter, live.liked().get()), false);
    }
    if (ui < 0) {
      Features.Vector v = s.coldStartVector();
      if (v == null) {
        return new Result(popular(s, k, allowed), true);
      }
      return new Result(rank(s, v.vector(), v.bias(), k, allowed, filter, LikedMovies.NONE), true);
    }
    if (!includeSeen) {
      s.histories().removeSeen(ui, allowed);
    }
    Embeddings e = s.embeddings();
    return new Result(
        rank(s, e.userVectors()[ui], e.userBias()[ui], k, allowed, filter, s.histories().liked(ui)),
        false);
  }

  /**
   * Top k for a new user: the features-only vector (when the model has user features) refined by
   * {@link FoldIn} on the given ratings; popularity when there is neither. Cold start is flagged
   * when no ratings were given. The rated movies are never recommended back.
   */
  public Result recommendForProfile(ServingState s, Profile p, int k, MovieFilterSpec filter) {
    int n = p.movieIds().length;
    int[] movies = new int[n];
    for (int j = 0; j < n; j++) {
      movies[j] = ratedMovie(s, j, p.movieIds()[j], p.ratings()[j]);
    }
    int[] sorted = movies.clone();
    Arrays.sort(sorted);
    for (int j = 1; j < n; j++) {
      if (sorted[j] == sorted[j - 1]) {
        throw new InvalidRequestException(
            "ratings must name each movie once; ratings[].movie_id="
                + s.catalogue().movie(sorted[j]).id()
                + " appears twice");
      }
    }
    MovieSet allowed = s.catalogue().allowed(filter);
    for (int m : sorted) {
      allowed.remove(m);
    }
    Embeddings e = s.embeddings();
    boolean features = s.hasUserFeatures();
    if (n == 0 && !features) {
      return new Result(popular(s, k, allowed), true);
    }
    Features.Vector prior =
        features
            ? Features.user(e, p.age(), p.gender(), p.occupation())
            : new Features.Vector(new float[e.dim()], 0f);
    Features.Vector user =
        n == 0
            ? prior
            : foldIn.solve(
                e.movieVectors(),
                e.movieBias(),
                movies,
                p.ratings(),
                s.yMin(),
                s.yMax(),
                prior.vector(),
                prior.bias());
    // Explanations come from the profile's own ratings, in movie-index order like the rating log.
    int[] order =
        IntStream.range(0, n)
            .boxed()
            .sorted((a, b) -> Integer.compare(movies[a], movies[b]))
            .mapToInt(Integer::intValue)
            .toArray();
    float[] ratingsSorted = new float[n];
    for (int j = 0; j < n; j++) {
      ratingsSorted[j] = p.ratings()[order[j]];
    }
    LikedMovies liked = s.histories().likedOf(sorted, ratingsSorted);
    return new Result(rank(s, user.vector(), user.bias(), k, allowed, filter, liked), n == 0);
  }

  /**
   * Predicted ratings of the given movies for a dataset user or a live-rated one, in request order;
   * a live rating is the actual rating.
   */
  public List<Prediction> predict(ServingState s, long userId, long[] movieIds) {
    int ui = s.userIndex(userId);
    LiveUsers.LiveUser live = s.live().get(userId);
    if (ui < 0 && live == null) {
      throw new NotFoundException(
          "user_id is not a user of model " + s.modelId() + "; user_id=" + userId);
    }
    Embeddings e = s.embeddings();
    // The rating logit, not the ranking score: PredictRatings reports the head that predicts
    // ratings.
    float[] u = live != null ? live.vector() : e.userVectors()[ui];
    float bu = live != null ? live.bias() : e.userBias()[ui];
    List<Prediction> out = new ArrayList<>(movieIds.length);
    for (int j = 0; j < movieIds.length; j++) {
      int m = s.catalogue().indexOf(movieIds[j]);
      if (m < 0) {
        throw new InvalidRequestException(
            "movie_ids["
                + j
                + "] must be a movie of model "
                + s.modelId()
                + "; movie_ids["
                + j
                + "]="
                + movieIds[j]);
      }
      float score = Scoring.score(u, bu, e.movieVectors()[m], e.movieBias()[m]);
      out.add(new Prediction(m, score, s.predictedRating(score), s.rating(ui, live, m)));
    }
    return out;
  }

  /**
   * The k movies with the highest cosine to {@code movieId}'s vector, itself excluded (ties by
   * movie id).
   */
  public List<Similar> similar(ServingState s, long movieId, int k) {
    int q = s.catalogue().indexOf(movieId);
    if (q < 0) {
      throw new InvalidRequestException(
          "movie_id must be a movie of model " + s.modelId() + "; movie_id=" + movieId);
    }
    float[][] mv = s.embeddings().movieVectors();
    float[] query = mv[q];
    float qn = s.movieInvNorm(q);
    int n = mv.length;
    TopK top = new TopK(Math.min(k, n - 1), s.embeddings().movieIds());
    for (int i = 0; i < n; i++) {
      if (i != q) {
        top.offer(i, Scoring.dot(query, mv[i]) * qn * s.movieInvNorm(i));
      }
    }
    float[] cosines = new float[top.size()];
    int[] best = top.drainBestFirst(cosines);
    List<Similar> out = new ArrayList<>(best.length);
    for (int j = 0; j < best.length; j++) {
      out.add(new Similar(best[j], cosines[j]));
    }
    return out;
  }

  /**
   * Retrieval, exact rerank by u·m + c_m, and explanations. {@code bu} (the rating head's user
   * bias) only feeds the predicted ratings: it cannot change one user's order.
   */
  private static List<Item> rank(
      ServingState s,
      float[] u,
      float bu,
      int k,
      MovieSet allowed,
      MovieFilterSpec filter,
      LikedMovies liked) {
    int count = allowed.count();
    if (count == 0) {
      return List.of();
    }
    Embeddings e = s.embeddings();
    int[] candidates = s.retriever().candidates(u, k, allowed, count, filter);
    TopK top = new TopK(Math.min(k, candidates.length), e.movieIds());
    for (int m : candidates) {
      top.offer(m, Scoring.retrievalScore(u, e.movieVectors()[m], e.movieRetrievalBias()[m]));
    }
    float[] scores = new float[top.size()];
    int[] best = top.drainBestFirst(scores);
    List<Item> out = new ArrayList<>(best.length);
    for (int j = 0; j < best.length; j++) {
      int m = best[j];
      float logit = Scoring.score(u, bu, e.movieVectors()[m], e.movieBias()[m]);
      out.add(
          new Item(m, scores[j], s.predictedRating(logit), liked.mostSimilar(m, s.unitVector(m))));
    }
    return out;
  }

  /**
   * The popularity fallback: allowed movies by retrieval bias c_m, ties by movie id; scored as a
   * zero user (ranking score c_m, predicted rating from the rating logit b_m).
   */
  private static List<Item> popular(ServingState s, int k, MovieSet allowed) {
    Embeddings e = s.embeddings();
    List<Item> out = new ArrayList<>(k);
    for (int m : s.popularity()) {
      if (out.size() == k) {
        break;
      }
      if (allowed.contains(m)) {
        out.add(new Item(m, e.movieRetrievalBias()[m], s.predictedRating(e.movieBias()[m]), -1));
      }
    }
    return out;
  }

  /**
   * The movie index of {@code ratings[j]} of a request, after checking that the movie is one of the
   * model's and the rating is on the dataset's scale (not the wider prediction range, y_range).
   *
   * @throws InvalidRequestException naming the field and the value
   */
  static int ratedMovie(ServingState s, int j, long movieId, float rating) {
    int m = s.catalogue().indexOf(movieId);
    if (m < 0) {
      throw new InvalidRequestException(
          "ratings["
              + j
              + "].movie_id must be a movie of model "
              + s.modelId()
              + "; ratings["
              + j
              + "].movie_id="
              + movieId);
    }
    float lo = s.manifest().ratingMin(), hi = s.manifest().ratingMax();
    if (!(rating >= lo && rating <= hi)) {
      throw new InvalidRequestException(
          "ratings["
              + j
              + "].rating must be in ["
              + fmt(lo)
              + ", "
              + fmt(hi)
              + "]; ratings["
              + j
              + "].rating="
              + rating);
    }
    return m;
  }

  private static String fmt(float f) {
    return f == Math.rint(f) ? Integer.toString((int) f) : Float.toString(f);
  }
}
