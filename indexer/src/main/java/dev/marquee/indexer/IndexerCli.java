package dev.marquee.indexer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code indexer} command: build, verify and describe the Lucene HNSW movie index, and write
 * synthetic model artifacts for benchmarks.
 *
 * <p>Exit codes: 0 success; 1 unexpected error; 2 bad usage; 3 model artifact missing, corrupt or
 * inconsistent; 4 index or index target problem (not an index, not writable, other model or
 * dimension); 5 {@code verify} recall below {@code --min-recall}.
 */
@Command(name = "indexer", mixinStandardHelpOptions = true, version = "marquee indexer 0.1.0",
    description = "Lucene HNSW index of movie vectors [m ; c_m], verified against exact search.",
    subcommands = {BuildCommand.class, VerifyCommand.class, InfoCommand.class, SynthModelCommand.class, CommandLine.HelpCommand.class})
public final class IndexerCli implements Callable<Integer> {
  public static final int EXIT_ERROR = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_MODEL = 3;
  public static final int EXIT_INDEX = 4;
  public static final int EXIT_LOW_RECALL = 5;

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IndexerCli()).execute(args));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }
}
