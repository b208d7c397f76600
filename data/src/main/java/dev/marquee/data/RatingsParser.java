package dev.marquee.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Parses a ratings file (u.data and its uN.base/uN.test siblings, ratings.dat, ratings.csv) into
 * columns, straight from bytes. Movies (and users, when the dataset has a user file) are mapped to
 * dense indices while parsing; otherwise the raw user ids are returned for the caller to map.
 */
final class RatingsParser {
  private RatingsParser() {}

  /** Where ids come from and how the file is laid out. */
  record Layout(byte separator, boolean doubled, String separatorName, boolean header) {
    static Layout of(DatasetFormat format) {
      return switch (format) {
        case ML_100K -> new Layout((byte) '\t', false, "tab-separated", false);
        case ML_1M -> new Layout((byte) ':', true, "'::'-separated", false);
        case CSV -> new Layout((byte) ',', false, "comma-separated", true);
      };
    }
  }

  /**
   * Parses {@code file}. When {@code users} is null the user column holds raw ids (which must fit
   * an int, as all MovieLens ids do).
   */
  static Ratings parse(
      Path file,
      Layout layout,
      IdMap users,
      String userSource,
      IdMap movies,
      String movieSource,
      float lo,
      float hi,
      Problems problems,
      MessageDigest digest)
      throws IOException {
    String name = file.getFileName().toString();
    long size = Files.size(file);
    int cap = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024, size / 24));
    int[] u = new int[cap];
    int[] m = new int[cap];
    float[] v = new float[cap];
    long[] t = new long[cap];
    int n = 0;
    int[] fs = new int[5];
    int[] fe = new int[5];
    boolean sawLine = false;
    try (InputStream in = Files.newInputStream(file);
        LineScanner lines = new LineScanner(in, digest)) {
      while (lines.next()) {
        if (lines.blank()) {
          continue;
        }
        byte[] b = lines.buf();
        int s = lines.start();
        int e = lines.end();
        if (!sawLine) {
          sawLine = true;
          if (layout.header() && !(b[s] >= '0' && b[s] <= '9')) {
            continue; // userId,movieId,rating,timestamp
          }
        }
        int count = split(b, s, e, layout, fs, fe);
        if (count != 4) {
          problems.reject(
              name,
              lines.lineNumber(),
              "expected 4 " + layout.separatorName() + " fields, got " + count,
              text(lines));
          continue;
        }
        long userId = parseLong(b, fs[0], fe[0]);
        long movieId = parseLong(b, fs[1], fe[1]);
        float rating = parseDecimal(b, fs[2], fe[2]);
        long ts = parseLong(b, fs[3], fe[3]);
        String bad = null;
        if (userId < 0) {
          bad = "user id " + field(b, fs[0], fe[0]) + " is not a number";
        } else if (movieId < 0) {
          bad = "movie id " + field(b, fs[1], fe[1]) + " is not a number";
        } else if (Float.isNaN(rating)) {
          bad = "rating " + field(b, fs[2], fe[2]) + " is not a number";
        } else if (ts < 0) {
          bad = "timestamp " + field(b, fs[3], fe[3]) + " is not a number";
        } else if (rating < lo || rating > hi) {
          bad =
              "rating " + field(b, fs[2], fe[2]) + " outside the scale " + fmt(lo) + ".." + fmt(hi);
        }
        int ui = 0;
        int mi = 0;
        if (bad == null) {
          if (users != null) {
            ui = users.index(userId);
            if (ui < 0) {
              bad = "unknown user id " + userId + " (not in " + userSource + ")";
            }
          } else if (userId > Integer.MAX_VALUE) {
            bad = "user id " + userId + " too large (max " + Integer.MAX_VALUE + ")";
          } else {
            ui = (int) userId;
          }
        }
        if (bad == null) {
          mi = movies.index(movieId);
          if (mi < 0) {
            bad = "unknown movie id " + movieId + " (not in " + movieSource + ")";
          }
        }
        if (bad != null) {
          problems.reject(name, lines.lineNumber(), bad, text(lines));
          continue;
        }
        if (n == cap) {
          cap = (int) Math.min(Integer.MAX_VALUE - 16L, cap + (long) (cap >> 1) + 16);
          if (cap == n) {
            throw new DataFormatException(name, lines.lineNumber(), "more than " + n + " ratings");
          }
          u = Arrays.copyOf(u, cap);
          m = Arrays.copyOf(m, cap);
          v = Arrays.copyOf(v, cap);
          t = Arrays.copyOf(t, cap);
        }
        u[n] = ui;
        m[n] = mi;
        v[n] = rating;
        t[n] = ts;
        n++;
      }
    }
    if (!sawLine) {
      throw new DataFormatException(file.toString(), 0, "empty file");
    }
    if (n != cap) {
      u = Arrays.copyOf(u, n);
      m = Arrays.copyOf(m, n);
      v = Arrays.copyOf(v, n);
      t = Arrays.copyOf(t, n);
    }
    return new Ratings(u, m, v, t);
  }

  private static String text(LineScanner lines) {
    return lines.text(StandardCharsets.ISO_8859_1);
  }

  private static String field(byte[] b, int s, int e) {
    return Problems.quote(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
  }

  /** Splits {@code b[s,e)}; records up to {@code fs.length} fields and returns the total count. */
  static int split(byte[] b, int s, int e, Layout layout, int[] fs, int[] fe) {
    byte sep = layout.separator();
    int count = 0;
    int fieldStart = s;
    int i = s;
    while (i < e) {
      if (b[i] == sep && (!layout.doubled() || (i + 1 < e && b[i + 1] == sep))) {
        if (count < fs.length) {
          fs[count] = fieldStart;
          fe[count] = i;
        }
        count++;
        i += layout.doubled() ? 2 : 1;
        fieldStart = i;
      } else {
        i++;
      }
    }
    if (count < fs.length) {
      fs[count] = fieldStart;
      fe[count] = e;
    }
    return count + 1;
  }

  /** A non-negative decimal integer (surrounding spaces allowed), or -1. */
  static long parseLong(byte[] b, int s, int e) {
    while (s < e && b[s] == ' ') {
      s++;
    }
    while (e > s && b[e - 1] == ' ') {
      e--;
    }
    if (s == e || e - s > 18) {
      return -1;
    }
    long r = 0;
    for (int i = s; i < e; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      r = r * 10 + d;
    }
    return r;
  }

  /**
   * A decimal like {@code 4}, {@code 3.5} or {@code 4.0}; anything else via Float.parseFloat; NaN
   * if not a number.
   */
  static float parseDecimal(byte[] b, int s, int e) {
    long intPart = 0;
    int i = s;
    while (i < e && b[i] >= '0' && b[i] <= '9' && i - s < 9) {
      intPart = intPart * 10 + (b[i] - '0');
      i++;
    }
    if (i > s && i == e) {
      return intPart;
    }
    if (i > s && b[i] == '.') {
      long frac = 0;
      long scale = 1;
      int j = i + 1;
      while (j < e && b[j] >= '0' && b[j] <= '9' && j - i <= 9) {
        frac = frac * 10 + (b[j] - '0');
        scale *= 10;
        j++;
      }
      if (j == e && j > i + 1) {
        return (float) (intPart + (double) frac / scale);
      }
    }
    try {
      String str = new String(b, s, e - s, StandardCharsets.ISO_8859_1).trim();
      if (str.isEmpty()
          || !(Character.isDigit(str.charAt(0))
              || str.charAt(0) == '.'
              || str.charAt(0) == '-'
              || str.charAt(0) == '+')) {
        return Float.NaN; // rejects "NaN", "Infinity"
      }
      return Float.parseFloat(str);
    } catch (NumberFormatException ex) {
      return Float.NaN;
    }
  }

  /** 1.0 as "1", 0.5 as "0.5". */
  static String fmt(float f) {
    return f == Math.rint(f) ? Long.toString((long) f) : Float.toString(f);
  }
}
