package dev.marquee.server;

import dev.marquee.core.Features;
import dev.marquee.core.Manifest;
import dev.marquee.core.MovieInfo;
import dev.marquee.core.events.EventLog;
import dev.marquee.core.events.RatingEvent;
import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.ModelInfo;
import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.MovieRef;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.PredictRatingsResponse;
import dev.marquee.proto.v1.Prediction;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RateMoviesRequest;
import dev.marquee.proto.v1.RateMoviesResponse;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.proto.v1.SimilarMovie;
import dev.marquee.proto.v1.SimilarMoviesRequest;
import dev.marquee.proto.v1.SimilarMoviesResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The {@code marquee.v1.Recommender} service: validates a request, runs it on one state snapshot
 * through {@link Recommender}, and maps the answer to proto. Bad input is INVALID_ARGUMENT naming
 * the field and value, an unknown user to predict for is NOT_FOUND, nothing loaded yet is
 * UNAVAILABLE, an expired deadline is DEADLINE_EXCEEDED. RateMovies goes to {@link LiveRatings}:
 * FAILED_PRECONDITION when the server takes no ratings, UNAVAILABLE when its log cannot be written.
 */
public final class RecommenderService extends RecommenderGrpc.RecommenderImplBase {
  private final ServingStateHolder states;
  private final Recommender recommender;
  private final LiveRatings live;

  /**
   * @param live where RateMovies goes (see {@link LiveRatings#off} for a server without a log)
   */
  public RecommenderService(ServingStateHolder states, Recommender recommender, LiveRatings live) {
    this.states = states;
    this.recommender = recommender;
    this.live = live;
  }

  @Override
  public void recommend(RecommendRequest req, StreamObserver<RecommendResponse> out) {
    run(
        out,
        s -> {
          checkK(req.getK());
          if (req.getUserId() == 0 && s.userIndex(0) < 0) {
            throw new InvalidRequestException("user_id must be set; user_id=0");
          }
          Recommender.Result r =
              recommender.recommend(
                  s, req.getUserId(), req.getK(), req.getIncludeSeen(), filter(req.getFilter()));
          return response(s, r);
        });
  }

  @Override
  public void recommendForProfile(
      RecommendForProfileRequest req, StreamObserver<RecommendResponse> out) {
    run(
        out,
        s -> {
          checkK(req.getK());
          if (req.getAge() < 0 || req.getAge() > 150) {
            throw new InvalidRequestException("age must be in [0, 150]; age=" + req.getAge());
          }
          if (!req.getGender().isEmpty()
              && !req.getGender().equals("M")
              && !req.getGender().equals("F")) {
            throw new InvalidRequestException(
                "gender must be \"M\", \"F\" or empty; gender="
                    + InvalidRequestException.echo(req.getGender()));
          }
          checkOccupation(s, req.getOccupation());
          int n = req.getRatingsCount();
          if (n > Recommender.MAX_PROFILE_RATINGS) {
            throw new InvalidRequestException(
                "ratings must have at most "
                    + Recommender.MAX_PROFILE_RATINGS
                    + " entries; ratings="
                    + n
                    + " entries");
          }
          long[] ids = new long[n];
          float[] ratings = new float[n];
          for (int j = 0; j < n; j++) {
            ProfileRating r = req.getRatings(j);
            ids[j] = r.getMovieId();
            ratings[j] = r.getRating();
          }
          var profile =
              new Recommender.Profile(
                  req.getAge(), req.getGender(), req.getOccupation(), ids, ratings);
          return response(
              s, recommender.recommendForProfile(s, profile, req.getK(), filter(req.getFilter())));
        });
  }

  @Override
  public void predictRatings(
      PredictRatingsRequest req, StreamObserver<PredictRatingsResponse> out) {
    run(
        out,
        s -> {
          int n = req.getMovieIdsCount();
          if (n == 0) {
            throw new InvalidRequestException("movie_ids must not be empty; movie_ids=[]");
          }
          if (n > Recommender.MAX_PREDICTIONS) {
            throw new InvalidRequestException(
                "movie_ids must have at most "
                    + Recommender.MAX_PREDICTIONS
                    + " entries; movie_ids="
                    + n
                    + " entries");
          }
          long[] ids = new long[n];
          for (int j = 0; j < n; j++) {
            ids[j] = req.getMovieIds(j);
          }
          PredictRatingsResponse.Builder b =
              PredictRatingsResponse.newBuilder().setModelId(s.modelId());
          for (Recommender.Prediction p : recommender.predict(s, req.getUserId(), ids)) {
            MovieInfo movie = s.catalogue().movie(p.movie());
            Prediction.Builder pb =
                Prediction.newBuilder()
                    .setMovieId(movie.id())
                    .setTitle(movie.title())
                    .setScore(p.score())
                    .setPredictedRating(p.predictedRating());
            if (!Float.isNaN(p.actualRating())) {
              pb.setActualRating(p.actualRating());
            }
            b.addPredictions(pb);
          }
          return b.build();
        });
  }

  @Override
  public void similarMovies(SimilarMoviesRequest req, StreamObserver<SimilarMoviesResponse> out) {
    run(
        out,
        s -> {
          checkK(req.getK());
          var similar = recommender.similar(s, req.getMovieId(), req.getK());
          MovieInfo q = s.catalogue().movie(s.catalogue().indexOf(req.getMovieId()));
          SimilarMoviesResponse.Builder b =
              SimilarMoviesResponse.newBuilder()
                  .setModelId(s.modelId())
                  .setMovie(MovieRef.newBuilder().setMovieId(q.id()).setTitle(q.title()));
          for (Recommender.Similar m : similar) {
            MovieInfo mi = s.catalogue().movie(m.movie());
            b.addItems(
                SimilarMovie.newBuilder()
                    .setMovieId(mi.id())
                    .setTitle(mi.title())
                    .setYear(mi.year())
                    .addAllGenres(mi.genres())
                    .setSimilarity(m.similarity()));
          }
          return b.build();
        });
  }

  @Override
  public void getModelInfo(GetModelInfoRequest req, StreamObserver<ModelInfo> out) {
    run(
        out,
        s -> {
          Manifest m = s.manifest();
          var counts = s.counts();
          return ModelInfo.newBuilder()
              .setModelId(s.modelId())
              .setDataset(
                  m.dataset()
                      + (m.datasetFingerprint() == null ? "" : " " + m.datasetFingerprint()))
              .setUsers(counts.get("users"))
              .setMovies(counts.get("movies"))
              .setRatings(counts.get("ratings"))
              .setFactors(s.embeddings().dim())
              .setYMin(m.yMin())
              .setYMax(m.yMax())
              .setRatingMin(m.ratingMin())
              .setRatingMax(m.ratingMax())
              .setFeatures(m.features() == null ? "none" : m.features())
              .putAllMetrics(m.metrics())
              .putAllIndexParams(s.indexParams())
              .setCreatedAt(m.createdAt() == null ? "" : m.createdAt())
              .build();
        });
  }

  /** Most ratings one RateMovies call accepts. */
  static final int MAX_RATE = 1000;

  /**
   * Checks the ratings against the served model (each movie known and once, each rating on the
   * dataset's scale), then answers once {@link LiveRatings} has them on disk and applied. Nothing
   * is written for a bad request.
   */
  @Override
  public void rateMovies(RateMoviesRequest req, StreamObserver<RateMoviesResponse> out) {
    CompletableFuture<LiveRatings.Ack> ack;
    String modelId;
    try (ServingStateHolder.Lease lease = states.acquire()) {
      if (lease == null) {
        out.onError(Status.UNAVAILABLE.withDescription("no model loaded yet").asRuntimeException());
        return;
      }
      ServingState s = lease.state();
      modelId = s.modelId();
      ack = live.rate(req.getRequestId(), req.getUserId(), checkRatings(s, req));
    } catch (RuntimeException ex) {
      out.onError(status(ex));
      return;
    }
    ack.whenComplete(
        (a, ex) -> {
          if (ex != null) {
            out.onError(status(ex instanceof CompletionException c ? c.getCause() : ex));
            return;
          }
          out.onNext(
              RateMoviesResponse.newBuilder()
                  .setSeq(a.seq())
                  .setCount(a.count())
                  .setDuplicate(a.duplicate())
                  .setModelId(modelId)
                  .build());
          out.onCompleted();
        });
  }

  private static List<RatingEvent.MovieRating> checkRatings(ServingState s, RateMoviesRequest req) {
    if (req.getUserId() == 0) {
      throw new InvalidRequestException("user_id must be set; user_id=0");
    }
    int idBytes = req.getRequestIdBytes().size();
    if (idBytes == 0 || idBytes > EventLog.MAX_REQUEST_ID_BYTES) {
      throw new InvalidRequestException(
          "request_id must be 1.."
              + EventLog.MAX_REQUEST_ID_BYTES
              + " bytes; request_id=\""
              + req.getRequestId()
              + "\" ("
              + idBytes
              + " bytes)");
    }
    int n = req.getRatingsCount();
    if (n == 0) {
      throw new InvalidRequestException("ratings must not be empty; ratings=[]");
    }
    if (n > MAX_RATE) {
      throw new InvalidRequestException(
          "ratings must have at most " + MAX_RATE + " entries; ratings=" + n + " entries");
    }
    List<RatingEvent.MovieRating> out = new ArrayList<>(n);
    Set<Long> seen = new HashSet<>();
    for (int j = 0; j < n; j++) {
      ProfileRating r = req.getRatings(j);
      Recommender.ratedMovie(s, j, r.getMovieId(), r.getRating());
      if (!seen.add(r.getMovieId())) {
        throw new InvalidRequestException(
            "ratings must name each movie once; ratings["
                + j
                + "].movie_id="
                + r.getMovieId()
                + " appears twice");
      }
      out.add(new RatingEvent.MovieRating(r.getMovieId(), r.getRating()));
    }
    return out;
  }

  /** The status of a failed call. */
  private static io.grpc.StatusRuntimeException status(Throwable ex) {
    Status s =
        switch (ex) {
          case InvalidRequestException i -> Status.INVALID_ARGUMENT;
          case NotFoundException nf -> Status.NOT_FOUND;
          case FailedPreconditionException fp -> Status.FAILED_PRECONDITION;
          case UnavailableException u -> Status.UNAVAILABLE;
          default -> {
            System.getLogger(RecommenderService.class.getName())
                .log(System.Logger.Level.ERROR, "call failed", ex);
            yield Status.INTERNAL.withCause(ex);
          }
        };
    return s.withDescription(
            s.getCode() == Status.Code.INTERNAL ? "internal error: " + ex : ex.getMessage())
        .asRuntimeException();
  }

  /** Runs one call on one state snapshot and maps domain failures to statuses. */
  private <T> void run(StreamObserver<T> out, Function<ServingState, T> call) {
    Context ctx = Context.current();
    if (ctx.isCancelled()) {
      out.onError(
          Status.fromThrowable(ctx.cancellationCause())
              .withDescription("deadline exceeded or call cancelled before it ran")
              .asRuntimeException());
      return;
    }
    T answer;
    try (ServingStateHolder.Lease lease = states.acquire()) {
      if (lease == null) {
        out.onError(Status.UNAVAILABLE.withDescription("no model loaded yet").asRuntimeException());
        return;
      }
      answer = call.apply(lease.state());
    } catch (RetrievalUnavailableException ex) {
      // The backend gave up because the caller's deadline passed: say so, not UNAVAILABLE.
      Status st = ctx.isCancelled() ? Status.DEADLINE_EXCEEDED : Status.UNAVAILABLE;
      out.onError(st.withDescription(ex.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException ex) {
      out.onError(status(ex));
      return;
    }
    if (ctx.isCancelled()) {
      out.onError(
          Status.DEADLINE_EXCEEDED
              .withDescription("deadline exceeded while the call ran")
              .asRuntimeException());
      return;
    }
    out.onNext(answer);
    out.onCompleted();
  }

  /**
   * Empty, or one of the model's occupations when it has an occupation table; without one (the
   * value is then unused) any value up to {@link InvalidRequestException#ECHO_LIMIT} characters.
   */
  static void checkOccupation(ServingState s, String occupation) {
    if (occupation.isEmpty()) {
      return;
    }
    var table = s.embeddings().feature(Features.USER_OCCUPATION);
    if (table.isPresent()) {
      List<String> vocabulary = table.get().vocabulary();
      if (!vocabulary.contains(occupation)) {
        throw new InvalidRequestException(
            "occupation must be empty or one of the model's occupations ("
                + String.join(", ", vocabulary)
                + "); occupation="
                + InvalidRequestException.echo(occupation));
      }
    } else if (occupation.length() > InvalidRequestException.ECHO_LIMIT) {
      throw new InvalidRequestException(
          "occupation must be at most "
              + InvalidRequestException.ECHO_LIMIT
              + " characters; occupation="
              + InvalidRequestException.echo(occupation));
    }
  }

  static void checkK(int k) {
    if (k < 1 || k > Recommender.MAX_K) {
      throw new InvalidRequestException("k must be in [1, " + Recommender.MAX_K + "]; k=" + k);
    }
  }

  static MovieFilterSpec filter(MovieFilter f) {
    if (f.getMinYear() < 0) {
      throw new InvalidRequestException(
          "filter.min_year must be >= 0; filter.min_year=" + f.getMinYear());
    }
    if (f.getMaxYear() < 0) {
      throw new InvalidRequestException(
          "filter.max_year must be >= 0; filter.max_year=" + f.getMaxYear());
    }
    if (f.getMinYear() != 0 && f.getMaxYear() != 0 && f.getMinYear() > f.getMaxYear()) {
      throw new InvalidRequestException(
          "filter.min_year must be <= filter.max_year; filter.min_year="
              + f.getMinYear()
              + ", filter.max_year="
              + f.getMaxYear());
    }
    for (int g = 0; g < f.getGenresCount(); g++) {
      if (f.getGenres(g).isEmpty()) {
        throw new InvalidRequestException(
            "filter.genres[" + g + "] must not be empty; filter.genres[" + g + "]=\"\"");
      }
    }
    return new MovieFilterSpec(f.getGenresList(), f.getMinYear(), f.getMaxYear());
  }

  private static RecommendResponse response(ServingState s, Recommender.Result r) {
    RecommendResponse.Builder b =
        RecommendResponse.newBuilder().setModelId(s.modelId()).setColdStart(r.coldStart());
    ProtoCache protos = s.catalogue().protos();
    for (Recommender.Item it : r.items()) {
      RecommendedMovie.Builder mb =
          protos
              .recommended(it.movie())
              .setScore(it.score())
              .setPredictedRating(it.predictedRating());
      if (it.becauseYouLiked() >= 0) {
        mb.setBecauseYouLiked(protos.ref(it.becauseYouLiked()));
      }
      b.addItems(mb);
    }
    return b.build();
  }
}
