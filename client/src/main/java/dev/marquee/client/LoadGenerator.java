package dev.marquee.client;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Issues asynchronous unary calls with at most {@code concurrency} in flight, round-robin over one
 * or more channels, and records each measured call's latency (HdrHistogram, nanoseconds) and final
 * status code. Failed calls are counted by code, never abort the run.
 *
 * <p>Closed loop by default: a new call starts as soon as one finishes. With a rate, calls start on
 * a fixed schedule ({@code start + i / rate}) and the in-flight bound still applies; latency is
 * measured from the actual send. Warmup calls run first, are waited for, and are not recorded.
 *
 * <p>The run ends after exactly {@code total} measured calls, or when {@code duration} has passed,
 * whichever comes first; calls already in flight then finish (each is bounded by its deadline).
 */
final class LoadGenerator {

  /**
   * Starts one call on {@code channel}; must call {@code done} exactly once with its final status.
   */
  @FunctionalInterface
  interface CallStarter {
    void start(Channel channel, Consumer<Status> done);
  }

  /**
   * What to run. {@code total} null means "until {@code duration}"; {@code duration} null means
   * "until {@code total}"; {@code rate} (calls/s) null means closed loop.
   */
  record Plan(int concurrency, Long total, Duration duration, Double rate, long warmup) {
    Plan {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1; concurrency=" + concurrency);
      }
      if (total == null && duration == null) {
        throw new IllegalArgumentException("a plan needs a total, a duration or both");
      }
      if (total != null && total < 1) {
        throw new IllegalArgumentException("total must be >= 1; total=" + total);
      }
      if (rate != null && !(rate > 0)) {
        throw new IllegalArgumentException("rate must be > 0; rate=" + rate);
      }
      if (warmup < 0) {
        throw new IllegalArgumentException("warmup must be >= 0; warmup=" + warmup);
      }
    }
  }

  /**
   * The measured calls: latencies in nanoseconds, counts by status code and the first status seen
   * of each code (both indexed by {@link Status.Code#value()}; a sample is null for unseen codes).
   */
  record Result(
      long count,
      long elapsedNanos,
      Histogram latencies,
      long[] statusCounts,
      Status[] firstStatus) {}

  private final List<? extends Channel> channels;
  private final CallStarter starter;
  private final Plan plan;

  LoadGenerator(List<? extends Channel> channels, CallStarter starter, Plan plan) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("need at least one channel");
    }
    this.channels = List.copyOf(channels);
    this.starter = Objects.requireNonNull(starter, "starter");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  Result run() throws InterruptedException {
    Semaphore inFlight = new Semaphore(plan.concurrency());
    Recorder recorder = new Recorder(3);
    AtomicLongArray counts = new AtomicLongArray(Status.Code.values().length);
    AtomicReferenceArray<Status> samples = new AtomicReferenceArray<>(Status.Code.values().length);
    long[] next = {0};

    for (long i = 0; i < plan.warmup(); i++) {
      inFlight.acquire();
      issue(next, inFlight, null, null, null);
    }
    inFlight.acquire(plan.concurrency()); // every warmup call has finished
    inFlight.release(plan.concurrency());

    long start = System.nanoTime();
    long stopAt = plan.duration() == null ? Long.MAX_VALUE : start + plan.duration().toNanos();
    long limit = plan.total() == null ? Long.MAX_VALUE : plan.total();
    long issued = 0;
    while (issued < limit) {
      if (plan.rate() != null) {
        long due = start + (long) (issued * 1e9 / plan.rate());
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
      }
      if (System.nanoTime() - stopAt >= 0) {
        break;
      }
      inFlight.acquire();
      if (System.nanoTime() - stopAt >= 0) {
        inFlight.release();
        break;
      }
      issue(next, inFlight, recorder, counts, samples);
      issued++;
    }
    inFlight.acquire(plan.concurrency()); // every measured call has finished
    long elapsed = System.nanoTime() - start;
    inFlight.release(plan.concurrency());

    long[] byCode = new long[counts.length()];
    Status[] first = new Status[counts.length()];
    for (int i = 0; i < byCode.length; i++) {
      byCode[i] = counts.get(i);
      first[i] = samples.get(i);
    }
    return new Result(issued, elapsed, recorder.getIntervalHistogram(), byCode, first);
  }

  /** Starts one call; {@code recorder} null for warmup calls. Always releases one permit. */
  private void issue(
      long[] next,
      Semaphore inFlight,
      Recorder recorder,
      AtomicLongArray counts,
      AtomicReferenceArray<Status> samples) {
    Channel channel = channels.get((int) (next[0]++ % channels.size()));
    long sent = System.nanoTime();
    Consumer<Status> done =
        new Consumer<>() {
          private boolean called;

          @Override
          public synchronized void accept(Status status) {
            if (called) {
              return; // a misbehaving starter must not double-count or over-release
            }
            called = true;
            if (recorder != null) {
              recorder.recordValue(Math.max(1, System.nanoTime() - sent));
              counts.incrementAndGet(status.getCode().value());
              samples.compareAndSet(status.getCode().value(), null, status);
            }
            inFlight.release();
          }
        };
    try {
      starter.start(channel, done);
    } catch (RuntimeException e) {
      done.accept(Status.fromThrowable(e));
    }
  }

  /** A response observer that reports only the final status to {@code done}. */
  static <T> StreamObserver<T> observer(Consumer<Status> done) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {}

      @Override
      public void onError(Throwable t) {
        done.accept(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        done.accept(Status.OK);
      }
    };
  }
}
