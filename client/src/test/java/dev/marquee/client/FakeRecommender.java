package dev.marquee.client;

import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.ModelInfo;
import dev.marquee.proto.v1.MovieRef;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.PredictRatingsResponse;
import dev.marquee.proto.v1.Prediction;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.proto.v1.SimilarMovie;
import dev.marquee.proto.v1.SimilarMoviesRequest;
import dev.marquee.proto.v1.SimilarMoviesResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Canned answers for the client tests. Special ids trigger failures: user or movie 0 ->
 * INVALID_ARGUMENT, user or movie 404 -> NOT_FOUND, user or movie 7 -> sleeps {@link #SLOW_MS}
 * (past a short deadline), user 999 -> cold start. {@link #failEvery} makes every n-th call fail
 * with UNAVAILABLE; {@link #calls} counts every call.
 */
final class FakeRecommender extends RecommenderGrpc.RecommenderImplBase {
  static final String MODEL = "m-0123abcd";
  static final long SLOW_MS = 1_000;
  static final String LONG_TITLE =
      "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb, Extended Edition";

  final AtomicInteger calls = new AtomicInteger();
  final ConcurrentLinkedQueue<Object> requests = new ConcurrentLinkedQueue<>();
  volatile int failEvery;

  /** Every call sleeps this long (0: none); {@link #maxInFlight} records the most calls at once. */
  volatile long delayMs;

  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();

  static RecommendedMovie movie(
      long id, String title, int year, List<String> genres, float rating, MovieRef liked) {
    RecommendedMovie.Builder b =
        RecommendedMovie.newBuilder()
            .setMovieId(id)
            .setTitle(title)
            .setYear(year)
            .addAllGenres(genres)
            .setScore(rating - 3)
            .setPredictedRating(rating);
    if (liked != null) {
      b.setBecauseYouLiked(liked);
    }
    return b.build();
  }

  static final MovieRef STAR_WARS =
      MovieRef.newBuilder().setMovieId(50).setTitle("Star Wars").build();

  /** Returns true when the call was answered with an error (or made slow and then answered). */
  private boolean trouble(long id, StreamObserver<?> out) {
    int n = calls.incrementAndGet();
    if (delayMs > 0) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
    }
    if (failEvery > 0 && n % failEvery == 0) {
      out.onError(
          Status.UNAVAILABLE
              .withDescription("fake: every " + failEvery + "th call fails")
              .asRuntimeException());
      return true;
    }
    if (id == 0) {
      out.onError(
          Status.INVALID_ARGUMENT
              .withDescription("user_id must be >= 1; user_id=0")
              .asRuntimeException());
      return true;
    }
    if (id == 404) {
      out.onError(Status.NOT_FOUND.withDescription("unknown movie_id 404").asRuntimeException());
      return true;
    }
    if (id == 7) {
      try {
        Thread.sleep(SLOW_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return false;
  }

  @Override
  public void recommend(RecommendRequest request, StreamObserver<RecommendResponse> out) {
    requests.add(request);
    if (trouble(request.getUserId(), out)) {
      return;
    }
    boolean cold = request.getUserId() == 999;
    RecommendResponse.Builder r =
        RecommendResponse.newBuilder().setModelId(MODEL).setColdStart(cold);
    r.addItems(
        movie(
            172,
            "Empire Strikes Back, The",
            1980,
            List.of("Action", "Adventure", "Sci-Fi", "War"),
            4.371f,
            cold ? null : STAR_WARS));
    r.addItems(movie(210, LONG_TITLE, 1964, List.of("Sci-Fi", "War"), 4.2f, null));
    r.addItems(
        movie(
            1,
            "Toy Story",
            1995,
            List.of("Animation", "Children's", "Comedy"),
            3.999f,
            cold ? null : STAR_WARS));
    while (r.getItemsCount() > request.getK()) {
      r.removeItems(r.getItemsCount() - 1);
    }
    out.onNext(r.build());
    out.onCompleted();
  }

  @Override
  public void recommendForProfile(
      RecommendForProfileRequest request, StreamObserver<RecommendResponse> out) {
    requests.add(request);
    if (trouble(request.getAge() == 7 ? 7 : 1, out)) {
      return;
    }
    out.onNext(
        RecommendResponse.newBuilder()
            .setModelId(MODEL)
            .setColdStart(true)
            .addItems(
                movie(100, "Fargo", 1996, List.of("Crime", "Drama", "Thriller"), 4.12f, STAR_WARS))
            .build());
    out.onCompleted();
  }

  @Override
  public void predictRatings(
      PredictRatingsRequest request, StreamObserver<PredictRatingsResponse> out) {
    requests.add(request);
    if (trouble(request.getUserId(), out)) {
      return;
    }
    PredictRatingsResponse.Builder r = PredictRatingsResponse.newBuilder().setModelId(MODEL);
    for (long id : request.getMovieIdsList()) {
      Prediction.Builder p =
          Prediction.newBuilder()
              .setMovieId(id)
              .setTitle("Movie " + id)
              .setScore(1.25f)
              .setPredictedRating(3.5f + id % 2);
      if (id == 50) {
        p.setActualRating(5f);
      }
      r.addPredictions(p);
    }
    out.onNext(r.build());
    out.onCompleted();
  }

  @Override
  public void similarMovies(
      SimilarMoviesRequest request, StreamObserver<SimilarMoviesResponse> out) {
    requests.add(request);
    if (trouble(request.getMovieId(), out)) {
      return;
    }
    out.onNext(
        SimilarMoviesResponse.newBuilder()
            .setModelId(MODEL)
            .setMovie(MovieRef.newBuilder().setMovieId(request.getMovieId()).setTitle("Star Wars"))
            .addItems(
                SimilarMovie.newBuilder()
                    .setMovieId(172)
                    .setTitle("Empire Strikes Back, The")
                    .setYear(1980)
                    .addGenres("Action")
                    .addGenres("Sci-Fi")
                    .setSimilarity(0.9312f))
            .addItems(
                SimilarMovie.newBuilder()
                    .setMovieId(181)
                    .setTitle("Return of the Jedi")
                    .setYear(1983)
                    .addGenres("Action")
                    .setSimilarity(0.88f))
            .build());
    out.onCompleted();
  }

  @Override
  public void getModelInfo(GetModelInfoRequest request, StreamObserver<ModelInfo> out) {
    requests.add(request);
    if (trouble(1, out)) {
      return;
    }
    out.onNext(
        ModelInfo.newBuilder()
            .setModelId(MODEL)
            .setDataset("ml-100k@sha256:abc")
            .setUsers(943)
            .setMovies(1682)
            .setRatings(100_000)
            .setFactors(32)
            .setYMin(0.5f)
            .setYMax(5.5f)
            .setRatingMin(1f)
            .setRatingMax(5f)
            .setFeatures("all")
            .putMetrics("valid_rmse", 0.91234)
            .putMetrics("test_rmse", 0.92)
            .putIndexParams("m", "16")
            .putIndexParams("beam_width", "100")
            .setCreatedAt("2025-01-02T03:04:05Z")
            .build());
    out.onCompleted();
  }
}
