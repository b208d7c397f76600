package dev.marquee.server;

/**
 * A retriever's backend cannot answer now (a search cluster down, red or too slow for the call's
 * deadline): the call fails UNAVAILABLE (DEADLINE_EXCEEDED when its deadline has passed) with this
 * message as the reason, and the client may retry.
 */
public class RetrievalUnavailableException extends RuntimeException {
  public RetrievalUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
