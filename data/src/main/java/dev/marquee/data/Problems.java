package dev.marquee.data;

/**
 * Where a reader sends malformed lines: thrown at once when strict, counted and skipped when
 * lenient. One instance per read so the count covers every file of the dataset.
 */
final class Problems {
  private static final int MAX_QUOTED = 200;

  private final boolean lenient;
  private int skipped;

  Problems(boolean lenient) {
    this.lenient = lenient;
  }

  /** Rejects line {@code line} of {@code file}: throws when strict, counts it when lenient. */
  void reject(String file, long line, String message, String text) throws DataFormatException {
    if (!lenient) {
      throw new DataFormatException(file, line, message + ": " + quote(text));
    }
    skipped++;
  }

  int skipped() {
    return skipped;
  }

  /** The line in single quotes, tabs and other control characters escaped, long lines cut. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 8).append('\'');
    for (int i = 0; i < text.length() && i < MAX_QUOTED; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (text.length() > MAX_QUOTED) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }
}
