package dev.marquee.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny hand-written datasets whose answers can be checked by eye. */
final class Fixtures {
  private Fixtures() {}

  static final String GENRES = "unknown|0\nAction|1\nComedy|2\n\n";
  static final String OCCUPATIONS = "artist\nother\nwriter\n";
  static final String ITEMS =
      """
      1|Toy Story (1995)|01-Jan-1995||http://x|0|0|1
      2|Misérables, Les (1995)|01-Jan-1995||http://x|0|1|0
      5|unknown||||1|0|0
      """;
  static final String USERS = "1|24|M|writer|85711\n2|53|F|other|94043\n3|30|F|artist|K1A0B\n";
  static final String DATA =
      """
      1\t1\t5\t100
      1\t2\t3\t200
      2\t1\t4\t150
      3\t5\t1\t150
      2\t5\t2\t300
      3\t1\t2\t400
      """;

  /** An ML-100K-layout directory with the given u.data (other files as above). */
  static Path ml100k(Path dir, String data) {
    return ml100k(dir, data, ITEMS, USERS);
  }

  static Path ml100k(Path dir, String data, String items, String users) {
    write(dir.resolve("u.genre"), GENRES, StandardCharsets.ISO_8859_1);
    write(dir.resolve("u.occupation"), OCCUPATIONS, StandardCharsets.ISO_8859_1);
    write(dir.resolve("u.item"), items, StandardCharsets.ISO_8859_1);
    write(dir.resolve("u.user"), users, StandardCharsets.ISO_8859_1);
    write(dir.resolve("u.data"), data, StandardCharsets.ISO_8859_1);
    return dir;
  }

  static void write(Path p, String text, Charset cs) {
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, text, cs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
