package dev.marquee.indexer.opensearch;

import java.io.IOException;

/**
 * The OpenSearch cluster cannot be reached, refuses the credentials, or is not healthy enough to
 * answer (red, no elected manager); the message names the URLs and the reason.
 */
public class ClusterUnavailableException extends IOException {
  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public ClusterUnavailableException(String message) {
    super(message);
  }
}
