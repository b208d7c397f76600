package dev.marquee.indexer;

import dev.marquee.core.ArtifactException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the subcommands: runs {@link #run()} and turns its exceptions into one {@code error:}
 * line on stderr and the exit codes documented on {@link IndexerCli}.
 */
abstract class Subcommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  abstract int run() throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public final Integer call() {
    try {
      int code = run();
      out().flush();
      return code;
    } catch (ArtifactException ex) {
      return fail(ex, IndexerCli.EXIT_MODEL);
    } catch (IndexException | java.nio.file.FileSystemException ex) {
      return fail(ex, IndexerCli.EXIT_INDEX);
    } catch (IllegalArgumentException ex) {
      return fail(ex, IndexerCli.EXIT_USAGE);
    } catch (Exception ex) {
      err().println("error: " + ex);
      ex.printStackTrace(err());
      err().flush();
      return IndexerCli.EXIT_ERROR;
    }
  }

  private int fail(Exception ex, int code) {
    err().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
    err().flush();
    return code;
  }
}
