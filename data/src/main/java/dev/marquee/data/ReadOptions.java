package dev.marquee.data;

/**
 * How {@link MovieLensReader} treats malformed lines.
 *
 * @param lenient skip and count malformed lines ({@link Dataset#skippedLines()}) instead of failing
 */
public record ReadOptions(boolean lenient) {
  /** Fail on the first malformed line. */
  public static ReadOptions strict() {
    return new ReadOptions(false);
  }

  /** Skip and count malformed lines. */
  public static ReadOptions lenientOptions() {
    return new ReadOptions(true);
  }
}
