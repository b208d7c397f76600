package dev.marquee.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link ServingState}, swapped atomically on reload, and the reference counts that
 * decide when a state is closed. A call {@link #acquire()}s a lease on the current state, uses only
 * that state, and closes the lease; a swapped-out state is closed once its last lease is closed, so
 * calls in flight finish on the old pair.
 */
public final class ServingStateHolder implements AutoCloseable {
  private final AtomicReference<Counted> current = new AtomicReference<>();

  /**
   * A state and its references: one held by the holder while the state is current, one per lease.
   */
  private static final class Counted {
    final ServingState state;
    final AtomicInteger refs = new AtomicInteger(1);

    Counted(ServingState state) {
      this.state = state;
    }

    /** Takes a reference; false when the state has already been retired and closed. */
    boolean retain() {
      while (true) {
        int r = refs.get();
        if (r <= 0) {
          return false;
        }
        if (refs.compareAndSet(r, r + 1)) {
          return true;
        }
      }
    }

    /** Drops a reference; the last one closes the state. */
    void release() {
      if (refs.decrementAndGet() == 0) {
        state.close();
      }
    }
  }

  /** A call's hold on one state. */
  public static final class Lease implements AutoCloseable {
    private final Counted counted;
    private boolean closed;

    private Lease(Counted counted) {
      this.counted = counted;
    }

    public ServingState state() {
      return counted.state;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        counted.release();
      }
    }
  }

  /** An empty holder: {@link #acquire()} answers null until {@link #swap} installs a state. */
  public ServingStateHolder() {}

  public ServingStateHolder(ServingState initial) {
    swap(initial);
  }

  /** The current state with a reference held, or null while nothing is loaded. */
  public Lease acquire() {
    while (true) {
      Counted c = current.get();
      if (c == null) {
        return null;
      }
      if (c.retain()) {
        return new Lease(c);
      }
      // Lost a race with a swap that retired c; the new state is already installed.
    }
  }

  /** The current state without a reference (for logging and info only); may be null. */
  public ServingState peek() {
    Counted c = current.get();
    return c == null ? null : c.state;
  }

  /**
   * Installs {@code next} (null: none) and retires the previous state (closed when its last call
   * finishes).
   */
  public void swap(ServingState next) {
    Counted old = current.getAndSet(next == null ? null : new Counted(next));
    if (old != null) {
      old.release();
    }
  }

  /** Retires the current state. */
  @Override
  public void close() {
    swap(null);
  }
}
