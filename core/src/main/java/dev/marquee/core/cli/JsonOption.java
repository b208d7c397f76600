package dev.marquee.core.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --json}: print one JSON document (see {@link Json}) instead of text, for scripts. */
public final class JsonOption {
  @Option(names = "--json", description = "Print one JSON document instead of text.")
  boolean json;

  /** True when {@code --json} was given. */
  public boolean enabled() {
    return json;
  }

  /** Prints {@code value} as one JSON document and a newline. */
  public void print(PrintWriter out, Object value) {
    out.println(Json.pretty(value));
  }
}
