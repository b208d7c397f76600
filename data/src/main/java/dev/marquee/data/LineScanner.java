package dev.marquee.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Iterates the lines of a byte stream without making a String per line: the ratings files of the
 * large datasets have 25M+ lines and are parsed straight from {@link #buf()}. Optionally feeds
 * every byte read to a digest (the dataset fingerprint) so the file is read once. Strips a trailing
 * {@code \r}.
 */
final class LineScanner implements Closeable {
  private final InputStream in;
  private final MessageDigest digest;
  private byte[] buf = new byte[1 << 16];
  private int pos; // start of unconsumed data
  private int limit; // end of valid data
  private boolean eof;
  private int start;
  private int end;
  private long lineNumber;

  LineScanner(InputStream in, MessageDigest digestOrNull) {
    this.in = in;
    this.digest = digestOrNull;
  }

  /** Advances to the next line; false at end of input. */
  boolean next() throws IOException {
    int scan = pos;
    while (true) {
      for (int i = scan; i < limit; i++) {
        if (buf[i] == '\n') {
          setLine(pos, i);
          pos = i + 1;
          return true;
        }
      }
      if (eof) {
        if (pos < limit) {
          setLine(pos, limit);
          pos = limit;
          return true;
        }
        return false;
      }
      scan = limit - pos;
      fill();
      scan = pos + scan;
    }
  }

  private void setLine(int s, int e) {
    if (e > s && buf[e - 1] == '\r') {
      e--;
    }
    start = s;
    end = e;
    lineNumber++;
  }

  // Moves unconsumed bytes to the front (growing the buffer for very long lines) and reads more.
  private void fill() throws IOException {
    int remaining = limit - pos;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, remaining);
    } else if (remaining == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    pos = 0;
    limit = remaining;
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      if (digest != null) {
        digest.update(buf, limit, n);
      }
      limit += n;
    }
  }

  byte[] buf() {
    return buf;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  long lineNumber() {
    return lineNumber;
  }

  boolean blank() {
    for (int i = start; i < end; i++) {
      if (buf[i] != ' ' && buf[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  String text(Charset cs) {
    return new String(buf, start, end - start, cs);
  }

  /** Reads what is left so the digest covers the whole file. */
  void drain() throws IOException {
    while (next()) {
      // consume
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
