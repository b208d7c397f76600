package dev.marquee.data;

import java.io.IOException;

/**
 * Input that is present but not what the format says: a malformed line, an unknown id, an empty or
 * missing file. A checked {@link IOException} because it is a property of the input, which callers
 * must handle like any other unreadable file. The message is one line naming the place, e.g. {@code
 * u.data:17: expected 4 tab-separated fields, got 3: '1\t2\t3'}.
 */
public class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;

  /** An error at {@code file:line}; line 0 means the file as a whole. */
  public DataFormatException(String file, long line, String message) {
    super(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    this.file = file;
    this.line = line;
  }

  /** The file's name as used in the message. */
  public String file() {
    return file;
  }

  /** 1-based line number, or 0 when the error concerns the file as a whole. */
  public long line() {
    return line;
  }
}
