package dev.marquee.server;

/** A call the server is not set up to answer (FAILED_PRECONDITION), naming what is missing. */
final class FailedPreconditionException extends RuntimeException {
  FailedPreconditionException(String message) {
    super(message);
  }
}
