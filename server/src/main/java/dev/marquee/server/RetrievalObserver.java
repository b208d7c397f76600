package dev.marquee.server;

/** Told of every first-stage search (the server's metrics count them by path). */
@FunctionalInterface
public interface RetrievalObserver {
  /** Observes nothing. */
  RetrievalObserver NONE = (graph, scored) -> {};

  /**
   * @param graph true for an HNSW graph search, false for an exact scan
   * @param scored movies the search scored (graph nodes visited, or rows scanned)
   */
  void searched(boolean graph, long scored);
}
