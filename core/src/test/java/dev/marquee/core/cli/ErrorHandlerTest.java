package dev.marquee.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.ArtifactException;
import dev.marquee.core.testing.CliRun;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The shared handler on a toy launcher: codes by type, one stderr line, generated exit-code help.
 */
class ErrorHandlerTest {
  /** A module's own exception type, mapped by the toy launcher. */
  static final class ToyDataException extends IOException {
    ToyDataException(String message) {
      super(message);
    }
  }

  static final class ToyErrors extends ErrorHandler {
    ToyErrors() {
      super(Map.of(ToyDataException.class, ExitCode.DATA));
    }
  }

  @Exits(ExitCode.DOWNLOAD)
  static final class FetchOptions {
    @Option(names = "--url")
    String url;
  }

  @Command(
      name = "toy",
      mixinStandardHelpOptions = true,
      modelTransformer = ToyErrors.class,
      subcommands = {Fail.class, Fetch.class})
  static final class Toy implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
  }

  /** Throws what {@code --what} names. */
  @Command(name = "fail", mixinStandardHelpOptions = true)
  @Exits({ExitCode.DATA, ExitCode.MODEL})
  static final class Fail implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--what", required = true)
    String what;

    @Override
    public Integer call() throws Exception {
      throw switch (what) {
        case "data" -> new ToyDataException("u.data:2: expected 4 fields, got 3");
        case "model" ->
            new UncheckedIOException(new ArtifactException("model directory m does not exist"));
        case "io" -> new NoSuchFileException("/nope/file");
        case "bug" -> new IllegalStateException("line one\nline two");
        case "blank" -> new FileNotFoundException();
        case "classified" ->
            new CommandException(
                ExitCode.DATA, "--data d: no such directory", new IOException("x"));
        case "usage" ->
            new ParameterException(spec.commandLine(), "--what must be sensible; what=usage");
        default -> new IllegalArgumentException(what);
      };
    }
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true)
  static final class Fetch implements Callable<Integer> {
    @Mixin FetchOptions fetch;

    @Mixin ThreadsOption threads;

    @Mixin JsonOption json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (json.enabled()) {
        json.print(spec.commandLine().getOut(), Map.of("threads", threads.count()));
      } else {
        spec.commandLine().getOut().println("threads " + threads.count());
      }
      return ExitCode.OK.code();
    }
  }

  static CliRun run(String... args) {
    return CliRun.of(new Toy(), args);
  }

  static void assertFails(ExitCode code, String line, String... args) {
    CliRun r = run(args);
    assertEquals(code.code(), r.code(), r.err());
    assertEquals("error: " + line + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void exitCodeByExceptionTypeWithOneLine() {
    assertFails(ExitCode.DATA, "u.data:2: expected 4 fields, got 3", "fail", "--what", "data");
    assertFails(ExitCode.MODEL, "model directory m does not exist", "fail", "--what", "model");
    assertFails(ExitCode.IO, "NoSuchFileException: /nope/file", "fail", "--what", "io");
    assertFails(ExitCode.IO, "FileNotFoundException", "fail", "--what", "blank");
    assertFails(
        ExitCode.INTERNAL, "IllegalStateException: line one line two", "fail", "--what", "bug");
    assertFails(ExitCode.DATA, "--data d: no such directory", "fail", "--what", "classified");
  }

  @Test
  void usageErrorsKeepPicocliMessageAndHelp() {
    List<String[]> usageErrors =
        List.of(
            new String[] {"fail", "--what", "usage"},
            new String[] {"fail", "--bogus"},
            new String[] {});
    for (String[] args : usageErrors) {
      CliRun r = run(args);
      assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
      assertTrue(r.err().contains("Usage: toy"), r.err());
      assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
    assertTrue(
        run("fail", "--what", "usage").err().startsWith("--what must be sensible; what=usage"));
  }

  @Test
  void helpListsTheCodesEachCommandCanReturn() {
    List<ExitCode> always = List.of(ExitCode.OK, ExitCode.INTERNAL, ExitCode.USAGE);
    assertEquals(plus(always, ExitCode.DATA, ExitCode.MODEL), listed(run("fail", "--help").out()));
    // Fetch declares nothing itself: its mixin does.
    assertEquals(plus(always, ExitCode.DOWNLOAD), listed(run("fetch", "--help").out()));
    // The launcher can return what any of its commands can.
    assertEquals(
        plus(always, ExitCode.DATA, ExitCode.MODEL, ExitCode.DOWNLOAD),
        listed(run("--help").out()));
  }

  private static List<ExitCode> plus(List<ExitCode> codes, ExitCode... more) {
    return java.util.stream.Stream.concat(codes.stream(), java.util.Arrays.stream(more)).toList();
  }

  /** The "Exit codes:" section of a help text, each line checked against the table. */
  static List<ExitCode> listed(String help) {
    String section = help.substring(help.indexOf("Exit codes:\n") + "Exit codes:\n".length());
    return section
        .lines()
        .takeWhile(l -> !l.isBlank())
        .map(
            l -> {
              String[] f = l.strip().split("\\s+", 2);
              ExitCode c = ExitCode.of(Integer.parseInt(f[0]));
              assertEquals(c.meaning(), f[1], l);
              return c;
            })
        .toList();
  }

  @Test
  void threadsAndJsonMixins() {
    CliRun r = run("fetch", "--threads", "3", "--json");
    assertEquals(0, r.code(), r.err());
    String nl = System.lineSeparator();
    assertEquals("{" + nl + "  \"threads\" : 3" + nl + "}" + nl, r.out());
    assertEquals(
        "threads " + Runtime.getRuntime().availableProcessors() + System.lineSeparator(),
        run("fetch").out());
    CliRun bad = run("fetch", "--threads", "-1");
    assertEquals(ExitCode.USAGE.code(), bad.code());
    assertTrue(bad.err().startsWith("--threads must be >= 0; --threads=-1"), bad.err());
  }
}
