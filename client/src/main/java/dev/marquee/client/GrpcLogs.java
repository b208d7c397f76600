package dev.marquee.client;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps grpc-java's java.util.logging warnings (e.g. "Failed to resolve name" with a stack trace)
 * off the CLI's stderr, where the contract is one line per failure; SEVERE still shows.
 */
final class GrpcLogs {
  /** Held so the configured logger is not garbage-collected (JUL keeps loggers weakly). */
  private static final Logger IO_GRPC = Logger.getLogger("io.grpc");

  private GrpcLogs() {}

  static void quiet() {
    IO_GRPC.setLevel(Level.SEVERE);
  }
}
