package dev.marquee.core;

import java.io.IOException;

/**
 * A model artifact that is missing, corrupt, or of an unsupported version; the message says which
 * and where.
 */
public class ArtifactException extends IOException {
  public ArtifactException(String message) {
    super(message);
  }

  public ArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
