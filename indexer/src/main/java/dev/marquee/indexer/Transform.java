package dev.marquee.indexer;

/**
 * How inner-product search is mapped onto Lucene: {@link #NONE} indexes [m ; c_m] with
 * MAXIMUM_INNER_PRODUCT; {@link #COSINE} appends sqrt(X^2 - |x|^2), normalises by X and uses
 * DOT_PRODUCT on unit vectors (the standard MIP-to-nearest-neighbour reduction). NONE is the
 * default: it measured better (BENCHMARKS.md, "Indexer").
 */
public enum Transform {
  NONE,
  COSINE;

  @com.fasterxml.jackson.annotation.JsonValue
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Transform parse(String s) {
    for (Transform t : values()) {
      if (t.label().equals(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("transform must be one of none, cosine; transform=" + s);
  }
}
