package dev.marquee.data;

import java.io.IOException;

/**
 * A download that could not be completed (network, HTTP status, checksum, archive). Separate from
 * {@link DataFormatException} so the CLI can give it its own exit code. The message is one line.
 */
public class DownloadException extends IOException {
  private static final long serialVersionUID = 1L;

  public DownloadException(String message) {
    super(message);
  }

  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
