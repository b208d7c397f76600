package dev.marquee.client;

import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.ModelInfo;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.PredictRatingsResponse;
import dev.marquee.proto.v1.RateMoviesRequest;
import dev.marquee.proto.v1.RateMoviesResponse;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.proto.v1.SimilarMoviesRequest;
import dev.marquee.proto.v1.SimilarMoviesResponse;
import io.grpc.Channel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Blocking calls to {@code marquee.v1.Recommender}, each with its own deadline. Does not own the
 * channel. Failures surface as {@link io.grpc.StatusRuntimeException}.
 */
public final class RecommenderClient {
  private final RecommenderGrpc.RecommenderBlockingStub stub;
  private final Duration deadline;

  public RecommenderClient(Channel channel, Duration deadline) {
    this.stub = RecommenderGrpc.newBlockingStub(Objects.requireNonNull(channel, "channel"));
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive; deadline=" + deadline);
    }
  }

  /** A stub whose deadline starts now: deadlines are absolute, so each call gets a fresh one. */
  private RecommenderGrpc.RecommenderBlockingStub stub() {
    return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  public RecommendResponse recommend(RecommendRequest request) {
    return stub().recommend(request);
  }

  public RecommendResponse recommendForProfile(RecommendForProfileRequest request) {
    return stub().recommendForProfile(request);
  }

  public PredictRatingsResponse predictRatings(PredictRatingsRequest request) {
    return stub().predictRatings(request);
  }

  public SimilarMoviesResponse similarMovies(SimilarMoviesRequest request) {
    return stub().similarMovies(request);
  }

  public RateMoviesResponse rateMovies(RateMoviesRequest request) {
    return stub().rateMovies(request);
  }

  public ModelInfo modelInfo() {
    return stub().getModelInfo(GetModelInfoRequest.getDefaultInstance());
  }
}
