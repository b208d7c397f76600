package dev.marquee.core.events;

import java.util.List;
import java.util.Objects;

/**
 * One acknowledged RateMovies call as the log keeps it.
 *
 * @param seq the event's sequence number: 1 for the first event of a log, then dense (each event
 *     the previous one's plus one)
 * @param requestId the caller's idempotency key (at most {@link EventLog#MAX_REQUEST_ID_BYTES}
 *     bytes of UTF-8)
 * @param userId the dataset's user id (possibly one the model has never seen)
 * @param ratings the movies rated, each once
 * @param timestampMillis when the server appended it, Unix milliseconds
 */
public record RatingEvent(
    long seq, String requestId, long userId, List<MovieRating> ratings, long timestampMillis) {
  public RatingEvent {
    Objects.requireNonNull(requestId, "requestId");
    ratings = List.copyOf(ratings);
  }

  /** One rating of one movie. */
  public record MovieRating(long movieId, float rating) {}
}
