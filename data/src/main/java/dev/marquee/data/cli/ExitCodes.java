package dev.marquee.data.cli;

import dev.marquee.data.DownloadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Exit codes of {@code bin/data} and the handler that turns exceptions into one stderr line. */
public final class ExitCodes implements IExecutionExceptionHandler {
  public static final int OK = 0;
  public static final int DATA = 1;
  public static final int USAGE = 2;
  public static final int DOWNLOAD = 3;

  /** {@code error: <message>} on stderr, no stack trace; the exit code by exception type. */
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
    String message = t.getMessage() == null || t.getMessage().isBlank()
        ? t.getClass().getName() : t.getMessage();
    if (!(t instanceof IOException || t instanceof IllegalArgumentException)) {
      message = t.getClass().getSimpleName() + ": " + message; // a bug: say what kind
    }
    cmd.getErr().println("error: " + message.replace('\n', ' '));
    cmd.getErr().flush();
    if (t instanceof DownloadException) {
      return DOWNLOAD;
    }
    if (t instanceof IllegalArgumentException) {
      return USAGE;
    }
    return DATA;
  }

  /** Installs {@link ExitCodes} on the root command line when picocli builds it. */
  public static final class Install implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      CommandLine cl = spec.commandLine();
      if (cl != null && spec.parent() == null) {
        cl.setExecutionExceptionHandler(new ExitCodes());
      }
      return spec;
    }
  }
}
