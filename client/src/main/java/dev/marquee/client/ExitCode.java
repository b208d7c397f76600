package dev.marquee.client;

import io.grpc.Status;

/**
 * The client's exit codes, one per failure class, so scripts can tell "server down" from
 * "bad request" without parsing stderr. The help footers list the same table (a test keeps them equal).
 */
public enum ExitCode {
  /** The call succeeded (for {@code health}: the service is SERVING). */
  OK(0, "ok"),
  /** Any other failure (an unexpected gRPC status, an internal error). */
  ERROR(1, "other error"),
  /** Bad command line (picocli's usage error); the usage help is printed. */
  USAGE(2, "usage error"),
  /** No server at the target, or the server said UNAVAILABLE. */
  UNAVAILABLE(3, "server unavailable"),
  /** No answer within --deadline. */
  DEADLINE(4, "deadline exceeded"),
  /** The server rejected an argument (INVALID_ARGUMENT); its message is printed. */
  INVALID_ARGUMENT(5, "invalid argument"),
  /** The server does not know the user, movie or health service asked for (NOT_FOUND). */
  NOT_FOUND(6, "not found"),
  /** {@code health} only: the server answered, but not SERVING. */
  NOT_SERVING(7, "health: not serving");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** A few words for the help footer. */
  public String meaning() {
    return meaning;
  }

  /** The exit code for a failed call with this gRPC status code. */
  public static ExitCode of(Status.Code status) {
    return switch (status) {
      case OK -> OK;
      case UNAVAILABLE -> UNAVAILABLE;
      case DEADLINE_EXCEEDED -> DEADLINE;
      case INVALID_ARGUMENT -> INVALID_ARGUMENT;
      case NOT_FOUND -> NOT_FOUND;
      default -> ERROR;
    };
  }
}
