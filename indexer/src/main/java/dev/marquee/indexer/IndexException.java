package dev.marquee.indexer;

import java.io.IOException;

/**
 * An index that is missing, not a Marquee index, of an unsupported version, built from another
 * model or of another dimension, or a target the builder refuses to write; the message says which
 * and where.
 */
public class IndexException extends IOException {
  public IndexException(String message) {
    super(message);
  }

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
