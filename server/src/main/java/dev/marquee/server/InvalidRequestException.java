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

  /** Longest part of a client's value that a message echoes. */
  static final int ECHO_LIMIT = 64;

  /**
   * {@code value} as an error message may echo it: cut to {@value #ECHO_LIMIT} characters plus "…",
   * so an 8 KB value cannot blow the reply's trailers past the client's metadata limit.
   */
  public static String echo(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() <= ECHO_LIMIT) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(ECHO_LIMIT - 1)) ? ECHO_LIMIT - 1 : ECHO_LIMIT;
    return value.substring(0, end) + "… (" + value.length() + " characters)";
  }
}
