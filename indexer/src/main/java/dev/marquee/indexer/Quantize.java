package dev.marquee.indexer;

/**
 * How the HNSW graph scores vectors: float32, or Lucene's scalar quantization (float vectors are
 * kept for rerank).
 */
public enum Quantize {
  NONE,
  INT8,
  INT4;

  /** The CLI / commit-data spelling: none, int8, int4. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@link #label()}; the message names the accepted values. */
  public static Quantize parse(String s) {
    for (Quantize q : values()) {
      if (q.label().equals(s)) {
        return q;
      }
    }
    throw new IllegalArgumentException("quantize must be one of none, int8, int4; quantize=" + s);
  }
}
