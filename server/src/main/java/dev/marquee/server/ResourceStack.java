package dev.marquee.server;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a starting server has opened, closed in the reverse order: a start that fails halfway closes
 * exactly what it had opened, and a normal stop closes everything, from one place. Guava's {@code
 * Closer} would do, but it takes only {@code Closeable}s, and a gRPC server stops with an {@code
 * InterruptedException}.
 */
final class ResourceStack implements AutoCloseable {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Registers {@code resource} to be closed before everything registered earlier. */
  <T extends AutoCloseable> T push(T resource) {
    opened.push(resource);
    return resource;
  }

  /** Closes all, newest first; the first failure is thrown with the later ones suppressed. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception ex) {
        if (ex instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (first == null) {
          first = ex;
        } else {
          first.addSuppressed(ex);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
