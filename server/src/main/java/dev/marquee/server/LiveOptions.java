package dev.marquee.server;

import dev.marquee.core.cli.CommandException;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.events.CorruptEventLogException;
import dev.marquee.core.events.EventLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The server's live-ratings flags: {@code --events DIR} turns RateMovies on with a durable log
 * there, {@code --read-only} replays the log but takes no ratings, {@code --log-repair} lets a log
 * with corruption before its tail start (what follows the corruption is moved aside).
 */
@Exits(ExitCode.DATA)
public final class LiveOptions {
  @Option(
      names = "--events",
      paramLabel = "DIR",
      description =
          "Live ratings: RateMovies appends to a durable event log in DIR (created when absent), and every model "
              + "loaded replays the events it was not trained on. Without it RateMovies is FAILED_PRECONDITION.")
  Path events;

  @Option(
      names = "--read-only",
      description =
          "Replay --events but take no ratings (RateMovies: FAILED_PRECONDITION); the log is not modified.")
  boolean readOnly;

  @Option(
      names = "--log-repair",
      description =
          "Start even when the event log is corrupt before its tail: the corrupt record and everything after it "
              + "are moved aside to *.corrupt files (those ratings are lost). Without it such a log exits with 3.")
  boolean repair;

  @Option(
      names = "--events-segment-bytes",
      paramLabel = "N",
      defaultValue = "" + EventLog.DEFAULT_SEGMENT_BYTES,
      description = "Event log segment size. Default: ${DEFAULT-VALUE}.")
  long segmentBytes;

  /** Checks the flags together; a bad combination is a usage error. */
  void validate(CommandLine cl) {
    if (events == null && (readOnly || repair)) {
      throw new CommandLine.ParameterException(
          cl, (readOnly ? "--read-only" : "--log-repair") + " needs --events DIR");
    }
    if (readOnly && repair) {
      throw new CommandLine.ParameterException(
          cl, "--log-repair modifies the log; it cannot go with --read-only");
    }
    try {
      new EventLog.Options(segmentBytes, repair);
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(cl, "--events-segment-bytes: " + ex.getMessage());
    }
  }

  /**
   * The live ratings these flags ask for. A log corrupt before its tail is exit 3 (DATA) naming the
   * file and offset; one that cannot be read is an I/O error.
   */
  LiveRatings open(ServingStateHolder states, FoldIn foldIn, Consumer<String> report) {
    if (events == null) {
      return LiveRatings.off(states, foldIn);
    }
    try {
      return LiveRatings.open(
          events, readOnly, new EventLog.Options(segmentBytes, repair), states, foldIn, report);
    } catch (CorruptEventLogException ex) {
      throw new CommandException(ExitCode.DATA, "--events " + events + ": " + ex.getMessage(), ex);
    } catch (IOException ex) {
      throw new CommandException(
          ExitCode.IO, "--events " + events + ": cannot read the event log: " + ex, ex);
    }
  }
}
