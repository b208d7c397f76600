package dev.marquee.core.cli;

/**
 * A failure the command has classified itself, where the exception's type alone would not say it
 * (an unreadable {@code --data} directory is a dataset problem, not an I/O one) or where the
 * message needs the flag that led to it. The {@link ErrorHandler} prints the message as the one
 * {@code error:} line and exits with the code.
 */
public final class CommandException extends RuntimeException {
  private final ExitCode exitCode;

  public CommandException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public CommandException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
