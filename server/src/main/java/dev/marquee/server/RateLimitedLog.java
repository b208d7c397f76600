package dev.marquee.server;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A log sink that writes at most one line per interval and says how many it held back since the
 * last one, so a flood of bad calls costs a few lines, not one line (or a stack trace) each.
 */
public final class RateLimitedLog implements Consumer<String> {
  private final Consumer<String> sink;
  private final long intervalNanos;
  private final LongSupplier clock;
  private long last;
  private boolean any;
  private long suppressed;

  /**
   * @param sink where the lines go
   * @param intervalNanos least time between two lines, > 0
   * @param clock nanosecond clock ({@code System::nanoTime}; tests pass their own)
   */
  public RateLimitedLog(Consumer<String> sink, long intervalNanos, LongSupplier clock) {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException(
          "intervalNanos must be > 0; intervalNanos=" + intervalNanos);
    }
    this.sink = sink;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
  }

  /** At most one line per second. */
  public RateLimitedLog(Consumer<String> sink) {
    this(sink, 1_000_000_000L, System::nanoTime);
  }

  @Override
  public void accept(String line) {
    String out;
    synchronized (this) {
      long now = clock.getAsLong();
      if (any && now - last < intervalNanos) {
        suppressed++;
        return;
      }
      out = suppressed == 0 ? line : line + " (and " + suppressed + " more like it since the last)";
      any = true;
      last = now;
      suppressed = 0;
    }
    sink.accept(out);
  }
}
