package dev.marquee.server;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link ServingState}, swapped atomically on reload. A call {@link #acquire()}s a
 * snapshot, uses only it, and closes the returned lease; a swapped-out state is closed once its
 * last call has finished, so calls in flight finish on the old pair.
 */
public final class ServingStateHolder implements AutoCloseable {
  private final AtomicReference<ServingState> current = new AtomicReference<>();

  /** A call's hold on one state. */
  public final class Lease implements AutoCloseable {
    private final ServingState state;
    private boolean closed;

    private Lease(ServingState state) {
      this.state = state;
    }

    public ServingState state() {
      return state;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        state.release();
      }
    }
  }

  /** An empty holder: {@link #acquire()} answers null until {@link #swap} installs a state. */
  public ServingStateHolder() {}

  public ServingStateHolder(ServingState initial) {
    current.set(initial);
  }

  /** The current state with a reference held, or null while nothing is loaded. */
  public Lease acquire() {
    while (true) {
      ServingState s = current.get();
      if (s == null) {
        return null;
      }
      if (s.retain()) {
        return new Lease(s);
      }
      // Lost a race with a swap that retired s; the new state is already installed.
    }
  }

  /** The current state without a reference (for logging and info only); may be null. */
  public ServingState peek() {
    return current.get();
  }

  /** Installs {@code next} and retires the previous state (closed when its last call finishes). */
  public void swap(ServingState next) {
    ServingState old = current.getAndSet(next);
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
