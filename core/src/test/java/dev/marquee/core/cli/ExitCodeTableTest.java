package dev.marquee.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md documents the exit-code table once; it must be the enum's table, row for row. */
class ExitCodeTableTest {
  private static final Pattern ROW = Pattern.compile("\\| (\\d+) \\| (.+) \\|");

  @Test
  void readmeTableIsTheEnum() throws Exception {
    Path readme = Path.of(System.getProperty("marquee.home", "..")).resolve("README.md");
    List<String> lines = Files.readAllLines(readme);
    int heading = lines.indexOf("### Exit codes");
    assertTrue(heading >= 0, readme + " has no '### Exit codes' section");
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(heading + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.add(m.group(1) + " " + m.group(2));
      }
    }
    List<String> table = new ArrayList<>();
    for (ExitCode c : ExitCode.values()) {
      table.add(c.code() + " " + c.meaning());
    }
    assertEquals(table, rows, readme + ", section '### Exit codes'");
  }

  @Test
  void codesAreDistinctAndInOrder() {
    ExitCode[] all = ExitCode.values();
    for (int i = 0; i < all.length; i++) {
      assertEquals(i, all[i].code(), all[i].name());
      assertEquals(all[i], ExitCode.of(i));
    }
  }
}
