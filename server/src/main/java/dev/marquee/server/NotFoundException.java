package dev.marquee.server;

/**
 * A request naming something the served model does not have (e.g. an unknown user to predict for).
 * Maps to NOT_FOUND.
 */
public final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message, null, false, false);
  }
}
