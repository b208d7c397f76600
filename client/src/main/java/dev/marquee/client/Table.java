package dev.marquee.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table: columns padded to their widest cell, two spaces apart, numbers right-aligned.
 * Cells are truncated by the caller ({@link #truncate}) so one long title does not widen every row.
 */
final class Table {
  private final List<String> headers = new ArrayList<>();
  private final List<Boolean> rightAligned = new ArrayList<>();
  private final List<List<String>> rows = new ArrayList<>();

  Table left(String header) {
    headers.add(header);
    rightAligned.add(false);
    return this;
  }

  Table right(String header) {
    headers.add(header);
    rightAligned.add(true);
    return this;
  }

  Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells; the table has " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object c : cells) {
      row.add(String.valueOf(c));
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Header line and rows, each ending in a newline, trailing spaces trimmed. */
  String render() {
    int[] width = new int[headers.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = headers.get(c).length();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, width);
    for (List<String> row : rows) {
      line(sb, row, width);
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        line.append("  ");
      }
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      line.append(rightAligned.get(c) ? pad + cell : cell + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  /** {@code text} cut to at most {@code max} characters, ending in "..." when cut. */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, Math.max(0, max - 3)).stripTrailing() + "...";
  }

  /** "Title (1977)", the title truncated so the year always shows; no year when it is 0. */
  static String titleYear(String title, int year, int max) {
    if (year == 0) {
      return truncate(title, max);
    }
    String suffix = " (" + year + ")";
    return truncate(title, Math.max(8, max - suffix.length())) + suffix;
  }

  /** A rating or score with two decimals, e.g. 4.37; locale-independent. */
  static String decimals(double value, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }
}
