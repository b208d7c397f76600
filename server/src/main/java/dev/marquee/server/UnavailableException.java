package dev.marquee.server;

/** A call that cannot be served right now (UNAVAILABLE) and may succeed when retried. */
final class UnavailableException extends RuntimeException {
  UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
