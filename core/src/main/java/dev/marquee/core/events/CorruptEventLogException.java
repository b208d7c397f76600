package dev.marquee.core.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Corruption before the tail of an event log: a record that fails its checksum or breaks the
 * sequence with acknowledged records after it. Truncating there would drop acknowledged ratings, so
 * opening refuses unless asked to repair.
 */
public final class CorruptEventLogException extends IOException {
  private final Path file;
  private final long offset;

  public CorruptEventLogException(Path file, long offset, String what) {
    super("corrupt event log: " + file + " at offset " + offset + ": " + what);
    this.file = file;
    this.offset = offset;
  }

  /** The segment holding the first bad record. */
  public Path file() {
    return file;
  }

  /** The byte offset of the first bad record in {@link #file()}. */
  public long offset() {
    return offset;
  }
}
