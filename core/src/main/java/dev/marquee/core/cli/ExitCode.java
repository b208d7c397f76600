package dev.marquee.core.cli;

/**
 * The exit codes of every Marquee launcher: one table, so a script reads the same number for the
 * same failure whichever command it ran. README.md lists it once and each command's help lists the
 * entries it can return (see {@link ErrorHandler}); tests keep the three equal. Codes are never
 * renumbered; a new kind of failure gets the next number.
 */
public enum ExitCode {
  OK(0, "ok"),
  INTERNAL(1, "internal error (a bug, or a failure no other code covers)"),
  USAGE(2, "usage error: bad flag or value"),
  DATA(3, "dataset missing or malformed"),
  MODEL(4, "model artifact missing, corrupt or incompatible"),
  INDEX(5, "index missing, corrupt or built from another model"),
  IO(6, "I/O error: cannot read or write a file, cannot listen"),
  DOWNLOAD(7, "download failed (network, HTTP status, checksum)"),
  CHECK(8, "check failed (verify below --min-recall, bench calls failed)"),
  UNAVAILABLE(9, "server unavailable"),
  DEADLINE(10, "deadline exceeded"),
  INVALID_ARGUMENT(11, "server rejected an argument (INVALID_ARGUMENT)"),
  NOT_FOUND(12, "not found (user, movie or health service)"),
  NOT_SERVING(13, "health: server not serving"),
  UNAUTHENTICATED(14, "server refused the credentials (UNAUTHENTICATED)"),
  OVERLOADED(15, "server overloaded (RESOURCE_EXHAUSTED)"),

  BACKEND(16, "search backend (OpenSearch) unreachable, refusing the credentials, or red");

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

  /** A few words for the help and the README table. */
  public String meaning() {
    return meaning;
  }

  /**
   * The entry with this status; unknown statuses are an {@link IllegalArgumentException} naming the
   * value.
   */
  public static ExitCode of(int code) {
    for (ExitCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    throw new IllegalArgumentException("no exit code " + code + " in the table");
  }
}
