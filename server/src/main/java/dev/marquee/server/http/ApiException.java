package dev.marquee.server.http;

/**
 * A request the HTTP layer answers with an error status and a one-line JSON body {@code
 * {"error":{"code":CODE,"message":MESSAGE}}}, never a stack trace.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /**
   * @param status the HTTP status
   * @param code the gRPC status name (e.g. INVALID_ARGUMENT) or, for HTTP-only errors, a name like
   *     METHOD_NOT_ALLOWED
   */
  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "INVALID_ARGUMENT", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "NOT_FOUND", message);
  }
}
