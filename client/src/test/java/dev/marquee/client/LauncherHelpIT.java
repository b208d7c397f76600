package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.client.EndToEnd.Result;
import dev.marquee.core.cli.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every launcher's {@code --help}, and each of its commands', lists exit codes of the one shared
 * table with the table's meanings: the help and the table (which README.md repeats, see core's
 * ExitCodeTableTest) cannot drift apart. Runs the real {@code bin/} scripts on the packaged jars.
 */
class LauncherHelpIT {
  private static final Pattern COMMAND = Pattern.compile("  ([a-z][a-z-]*)  .*");
  private static final Pattern EXIT = Pattern.compile("\\s+(\\d+)\\s+(.+)");

  @TempDir static Path work;

  @ParameterizedTest
  @ValueSource(strings = {"data", "trainer", "indexer", "server", "client"})
  void everyHelpListsTheSharedExitCodes(String launcher) throws Exception {
    String top = help(launcher);
    for (String command : commands(top)) {
      help(launcher, command);
    }
  }

  /**
   * Runs {@code bin/<launcher> [command] --help}, checks its exit-code section and returns the
   * text.
   */
  private static String help(String launcher, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bin/" + launcher));
    cmd.addAll(List.of(command));
    cmd.add("--help");
    Result r = EndToEnd.run(EndToEnd.home(), work, 120, cmd.toArray(String[]::new));
    String what = String.join(" ", cmd);
    assertEquals(0, r.exit(), what + ":\n" + r.out() + r.err());
    List<String> lines = r.out().lines().toList();
    int heading = lines.indexOf("Exit codes:");
    assertTrue(heading >= 0, what + " lists no exit codes:\n" + r.out());
    List<ExitCode> listed = new ArrayList<>();
    for (String line : lines.subList(heading + 1, lines.size())) {
      Matcher m = EXIT.matcher(line);
      if (line.isBlank() || !m.matches()) {
        break;
      }
      ExitCode c = ExitCode.of(Integer.parseInt(m.group(1)));
      assertEquals(c.meaning(), m.group(2), what + ": the meaning of exit code " + c.code());
      assertFalse(listed.contains(c), what + " lists " + c.code() + " twice");
      listed.add(c);
    }
    assertTrue(
        listed.containsAll(List.of(ExitCode.OK, ExitCode.INTERNAL, ExitCode.USAGE)),
        what + ": " + listed);
    return r.out();
  }

  /**
   * The subcommands named in a launcher's "Commands:" section (none for a single-command launcher).
   */
  private static List<String> commands(String help) {
    List<String> lines = help.lines().toList();
    int heading = lines.indexOf("Commands:");
    List<String> names = new ArrayList<>();
    if (heading < 0) {
      return names;
    }
    for (String line : lines.subList(heading + 1, lines.size())) {
      if (line.isBlank()) {
        break;
      }
      Matcher m = COMMAND.matcher(line);
      if (m.matches() && !m.group(1).equals("help")) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
