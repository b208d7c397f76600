package dev.marquee.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of a picocli command line as its launcher runs it, with the exit code and everything it
 * printed to its out and err writers (launchers print through {@code spec.commandLine()}).
 *
 * @param code the exit code
 * @param out what it printed to standard output
 * @param err what it printed to standard error
 */
public record CliRun(int code, String out, String err) {

  /**
   * Runs {@code command} (a {@code @Command} object, e.g. {@code new DataCli()}) with {@code args}.
   */
  public static CliRun of(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** For assertion messages: the exit code and both streams. */
  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }
}
