package dev.marquee.client;

import dev.marquee.core.cli.ErrorHandler;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code client} command: asks a Marquee server for recommendations, predictions, similar
 * movies, model info and health, and load-tests it ({@code bench}). Subcommands reach the server
 * through the {@link ChannelFactory} given here, so tests run them on the in-process transport.
 */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    versionProvider = ClientCli.Version.class,
    description = "Talks to a Marquee recommender server over gRPC (marquee.v1).",
    subcommands = {
      RecommendCommand.class,
      NewUserCommand.class,
      SimilarCommand.class,
      PredictCommand.class,
      InfoCommand.class,
      HealthCommand.class,
      BenchCommand.class,
      HelpCommand.class
    },
    footerHeading = "%n",
    footer = {
      "Every command takes --target HOST:PORT (env MARQUEE_TARGET, default",
      "localhost:50051), --deadline TIME (default 2s) and --json (one JSON document),",
      "and for a server run for others --tls [--ca PEM] [--cert PEM --key PEM],",
      "--token-file FILE (or env MARQUEE_TOKEN) and --retries N.",
      "Run `client COMMAND --help` for its options."
    },
    modelTransformer = ErrorHandler.class)
public final class ClientCli {
  private final ChannelFactory channels;

  /** The real client: Netty channels to the target (plaintext, or TLS with --tls). */
  public ClientCli() {
    this(ChannelFactory.netty());
  }

  /** A client whose subcommands open their channels with {@code channels} (tests: in-process). */
  public ClientCli(ChannelFactory channels) {
    this.channels = Objects.requireNonNull(channels, "channels");
  }

  ChannelFactory channels() {
    return channels;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ClientCli()).execute(args));
  }

  /** The version from the jar manifest when there is one. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ClientCli.class.getPackage().getImplementationVersion();
      return new String[] {"marquee client " + (v == null ? "(development build)" : v)};
    }
  }
}
