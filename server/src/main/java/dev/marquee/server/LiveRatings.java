package dev.marquee.server;

import dev.marquee.core.events.EventLog;
import dev.marquee.core.events.RatingEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Live feedback: RateMovies appends to the durable {@link EventLog} and, once the event is on disk,
 * folds it into the serving state's {@link LiveUsers}; every model loaded (at start, on reload)
 * replays the events after the last one it was trained on before it is served.
 *
 * <p>Once durable, each event is applied on one applier thread (the log's flushing thread only
 * flushes) to the current state and to any state being loaded, before its call is answered; a
 * loading state registers first and then replays up to the last durable event, so with {@link
 * LiveUsers}' order-free merge no event falls between the two. Request ids of the last {@value
 * #REMEMBERED} events (rebuilt from the log at start) make a retry answer the first call's sequence
 * number instead of appending again.
 */
public final class LiveRatings implements AutoCloseable {
  /** How many request ids are remembered for retries. */
  static final int REMEMBERED = 100_000;

  /**
   * What a RateMovies call was answered with.
   *
   * @param seq the event's sequence number
   * @param count ratings in it
   * @param duplicate true when the request id had been applied before
   */
  public record Ack(long seq, int count, boolean duplicate) {
    Ack asDuplicate() {
      return new Ack(seq, count, true);
    }
  }

  private final Path dir;
  private final EventLog log; // null when off, read-only or unwritable
  private final String refusal; // why ratings are not taken, null when they are
  private final boolean unavailable; // refusal is UNAVAILABLE (retry later), not a precondition
  private final ServingStateHolder states;
  private final FoldIn foldIn;
  private final Consumer<String> report;

  private final Object applyLock = new Object();
  private final List<ServingState> loading = new ArrayList<>(); // guarded by applyLock
  private long readSeq; // without a writable log: the last event read at open
  private final ExecutorService appliers;

  private final Map<String, Ack> done; // guarded by itself
  private final ConcurrentHashMap<String, CompletableFuture<Ack>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * @param done the request ids already in the log (a map made by {@link #remembered})
   */
  private LiveRatings(
      Path dir,
      EventLog log,
      Map<String, Ack> done,
      String refusal,
      boolean unavailable,
      ServingStateHolder states,
      FoldIn foldIn,
      Consumer<String> report) {
    this.done = done;
    this.appliers =
        log == null
            ? null
            // One thread: a fold-in is ~150 us, so one core applies ~5,000 events/s, and the
            // other cores stay free for Recommend.
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "marquee-live-apply");
                  t.setDaemon(true);
                  return t;
                });
    this.dir = dir;
    this.log = log;
    this.refusal = refusal;
    this.unavailable = unavailable;
    this.states = states;
    this.foldIn = foldIn;
    this.report = report;
  }

  /** No event log: RateMovies is FAILED_PRECONDITION, models are served as trained. */
  public static LiveRatings off(ServingStateHolder states, FoldIn foldIn) {
    return new LiveRatings(
        null,
        null,
        remembered(),
        "live ratings are off: start the server with --events DIR",
        false,
        states,
        foldIn,
        line -> {});
  }

  /**
   * Opens the event log in {@code dir}: for appending, or with {@code readOnly} only to replay it
   * (RateMovies then FAILED_PRECONDITION). A log that cannot be opened for writing (a read-only
   * directory, a full disk) is replayed and RateMovies answers UNAVAILABLE.
   *
   * @throws dev.marquee.core.events.CorruptEventLogException on corruption before the tail, unless
   *     {@code options} repair it
   */
  public static LiveRatings open(
      Path dir,
      boolean readOnly,
      EventLog.Options options,
      ServingStateHolder states,
      FoldIn foldIn,
      Consumer<String> report)
      throws IOException {
    if (readOnly) {
      return replayOnly(
          dir,
          "the server is --read-only: it replays " + dir + " but takes no ratings",
          false,
          states,
          foldIn,
          report);
    }
    EventLog opened;
    Map<String, Ack> replayed = remembered(); // the log's request ids, before the log is ours
    try {
      opened =
          EventLog.open(
              dir,
              options,
              new EventLog.Listener() {
                @Override
                public void replayed(RatingEvent e) {
                  replayed.put(e.requestId(), new Ack(e.seq(), e.ratings().size(), false));
                }

                @Override
                public void report(String line) {
                  report.accept(line);
                }
              });
    } catch (dev.marquee.core.events.CorruptEventLogException ex) {
      throw ex;
    } catch (IOException ex) {
      report.accept("event log " + dir + " is not writable, replaying it only: " + ex);
      return replayOnly(
          dir,
          "event log " + dir + " cannot be written, nothing was recorded: " + ex.getMessage(),
          true,
          states,
          foldIn,
          report);
    }
    return new LiveRatings(dir, opened, replayed, null, false, states, foldIn, report);
  }

  /** A log that is replayed but takes no ratings (so no request ids are kept). */
  private static LiveRatings replayOnly(
      Path dir,
      String refusal,
      boolean unavailable,
      ServingStateHolder states,
      FoldIn foldIn,
      Consumer<String> report)
      throws IOException {
    LiveRatings live =
        new LiveRatings(dir, null, remembered(), refusal, unavailable, states, foldIn, report);
    live.readSeq = EventLog.read(dir, 0, e -> {}, report);
    return live;
  }

  /** Request id -> answer of the last {@value #REMEMBERED} events. */
  private static Map<String, Ack> remembered() {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Ack> eldest) {
        return size() > REMEMBERED;
      }
    };
  }

  private void remember(RatingEvent e) {
    synchronized (done) {
      done.put(e.requestId(), new Ack(e.seq(), e.ratings().size(), false));
    }
  }

  /**
   * Applies a durable event to the served state and to any state being loaded. A loading state's
   * replay and the live applies may reach it in any order ({@link LiveUsers}' merge does not care);
   * it registers under the same lock, and replays up to the last durable event then, so each event
   * reaches it one way or the other.
   */
  private void apply(RatingEvent e) {
    List<ServingState> targets = new ArrayList<>();
    synchronized (applyLock) {
      ServingState current = states.peek();
      loading.removeIf(s -> s == current || s.isClosed());
      targets.addAll(loading);
      if (current != null) {
        targets.add(current);
      }
    }
    for (ServingState s : targets) {
      s.live().apply(s, foldIn, e);
    }
    remember(e);
  }

  /**
   * {@code inner} followed by the replay of the events the new model was not trained on, before it
   * is served (wrap the start and reload loader with this).
   */
  public Callable<ServingState> loader(Callable<ServingState> inner) {
    if (dir == null) {
      return inner;
    }
    return () -> {
      ServingState s = inner.call();
      try {
        replay(s);
      } catch (IOException | RuntimeException ex) {
        s.close();
        throw ex;
      }
      return s;
    };
  }

  private void replay(ServingState s) throws IOException {
    long after = s.manifest().eventsSeq();
    long upTo;
    synchronized (applyLock) {
      if (log != null) {
        loading.add(s);
      }
      upTo = lastSeq();
    }
    long[] count = new long[1];
    Consumer<RatingEvent> apply =
        e -> {
          s.live().apply(s, foldIn, e);
          count[0]++;
        };
    if (log != null) {
      log.read(after, upTo, apply);
    } else {
      EventLog.read(dir, after, apply, report);
    }
    if (after > upTo) {
      report.accept(
          "model "
              + s.modelId()
              + " was trained on events up to seq "
              + after
              + " but event log "
              + dir
              + " ends at seq "
              + upTo
              + "; later ratings will be applied on top");
    }
    report.accept(
        "replayed "
            + count[0]
            + " rating events after seq "
            + after
            + " onto model "
            + s.modelId()
            + ": "
            + s.live().size()
            + " live users");
  }

  /**
   * Records ratings for a user: appends them (nothing is written when the arguments were already
   * checked bad) and completes once they are durable and applied. A request id seen before
   * completes with the first call's answer, marked duplicate.
   *
   * @throws FailedPreconditionException when this server takes no ratings
   * @throws UnavailableException when the log cannot be written now
   */
  public CompletableFuture<Ack> rate(
      String requestId, long userId, List<RatingEvent.MovieRating> ratings) {
    if (refusal != null) {
      if (unavailable) {
        throw new UnavailableException(refusal, null);
      }
      throw new FailedPreconditionException(refusal);
    }
    synchronized (done) {
      Ack before = done.get(requestId);
      if (before != null) {
        return CompletableFuture.completedFuture(before.asDuplicate());
      }
    }
    CompletableFuture<Ack> mine = new CompletableFuture<>();
    CompletableFuture<Ack> other = inFlight.putIfAbsent(requestId, mine);
    if (other != null) {
      return other.thenApply(Ack::asDuplicate);
    }
    synchronized (done) { // the first call may have finished between the two looks
      Ack before = done.get(requestId);
      if (before != null) {
        inFlight.remove(requestId, mine);
        return CompletableFuture.completedFuture(before.asDuplicate());
      }
    }
    CompletableFuture<RatingEvent> appended;
    try {
      appended = log.appendAsync(requestId, userId, ratings);
    } catch (IOException ex) {
      UnavailableException u = unwritable(ex);
      inFlight.remove(requestId, mine);
      mine.completeExceptionally(u);
      throw u;
    }
    // Applied on the appliers, not on the log's flushing thread, which goes back to flushing.
    appended.whenCompleteAsync(
        (e, ex) -> {
          if (ex != null) {
            inFlight.remove(requestId, mine);
            mine.completeExceptionally(unwritable(ex));
            return;
          }
          try {
            apply(e); // remembers the request id before it leaves the in-flight map
          } catch (RuntimeException applyFailed) {
            report.accept(
                "applying event " + e.seq() + " failed (it stays durable): " + applyFailed);
          } finally {
            inFlight.remove(requestId, mine);
          }
          mine.complete(new Ack(e.seq(), e.ratings().size(), false));
        },
        appliers);
    return mine;
  }

  private UnavailableException unwritable(Throwable ex) {
    return new UnavailableException(
        "event log " + dir + " cannot be written, nothing was recorded: " + ex.getMessage(), ex);
  }

  /** The last durable event (0 when none); without a writable log, the last one read at open. */
  public long lastSeq() {
    return log != null ? log.lastSeq() : readSeq;
  }

  /** Flushes and closes the log, then lets the appliers finish. */
  @Override
  public void close() throws IOException {
    if (log != null) {
      log.close();
      appliers.shutdown();
      try {
        appliers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
