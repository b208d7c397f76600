package dev.marquee.server;

/**
 * A request the domain cannot answer because of one of its arguments; the message names the field
 * and value. Maps to INVALID_ARGUMENT.
 */
public final class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message, null, false, false);
  }
}
