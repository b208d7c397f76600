package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.cli.JsonOption;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Flags every subcommand shares ({@code --target}, {@code --deadline}, {@code --json}, and the
 * connection's security: {@code --tls}, {@code --ca}, {@code --cert}, {@code --key}, {@code
 * --token-file} or {@code $MARQUEE_TOKEN}; {@code --retries}), the channel lifecycle around a call,
 * and the mapping of a failed call to one stderr line and an exit code of the shared table (the
 * codes it declares are listed in each subcommand's help).
 */
@Exits({
  ExitCode.UNAVAILABLE,
  ExitCode.DEADLINE,
  ExitCode.INVALID_ARGUMENT,
  ExitCode.NOT_FOUND,
  ExitCode.UNAUTHENTICATED,
  ExitCode.OVERLOADED
})
final class ConnectionOptions {
  /** A gRPC target URI ({@code dns:///h:p}, {@code unix:///path}) rather than {@code host:port}. */
  private static final Pattern HAS_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--target",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:MARQUEE_TARGET:-localhost:50051}",
      description = "Server address (env MARQUEE_TARGET; default: ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--deadline",
      paramLabel = "TIME",
      defaultValue = "2s",
      converter = Durations.Converter.class,
      description = "Deadline of each call, e.g. 500ms, 2s, 1m (default: ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(
      names = "--tls",
      description =
          "Connect with TLS, trusting the system's CAs (or --ca). Implied by --ca/--cert.")
  boolean tls;

  @Option(
      names = "--ca",
      paramLabel = "PEM",
      description = "Trust the server certificates these CAs signed.")
  Path ca;

  @Option(
      names = "--cert",
      paramLabel = "PEM",
      description = "Client certificate for mutual TLS (with --key).")
  Path cert;

  @Option(
      names = "--key",
      paramLabel = "PEM",
      description = "The private key of --cert (PKCS#8 PEM).")
  Path key;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "Send the bearer token in FILE (default: env MARQUEE_TOKEN, if set).")
  Path tokenFile;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Retry a call refused as busy (RESOURCE_EXHAUSTED) or unavailable up to N times, backing off from 100 ms (default: ${DEFAULT-VALUE}; bench never retries).")
  int retries;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Mixin JsonOption json;

  /** A call to make over an open channel; returns the exit code. */
  @FunctionalInterface
  interface Body {
    int run(Channel channel) throws Exception;
  }

  /**
   * Opens a channel to {@link #target}, runs {@code body}, and always shuts the channel down. A
   * failed call becomes one line on stderr and the {@link ExitCode} of its status.
   */
  int run(Body body) throws Exception {
    if (retries < 0 || retries > 100) {
      throw new ParameterException(
          mixee.commandLine(), "--retries must be in [0, 100]; --retries=" + retries);
    }
    ManagedChannel channel = open();
    try {
      Channel authorized = authorized(channel);
      for (int attempt = 0; ; attempt++) {
        try {
          return body.run(authorized);
        } catch (StatusRuntimeException e) {
          Status.Code c = e.getStatus().getCode();
          boolean retryable = c == Status.Code.RESOURCE_EXHAUSTED || c == Status.Code.UNAVAILABLE;
          if (!retryable || attempt >= retries) {
            return report(e.getStatus());
          }
          // Exponential backoff with jitter, so retrying clients do not come back in step.
          long base = Math.min(2_000, 100L << Math.min(attempt, 10));
          Thread.sleep(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        }
      }
    } finally {
      ChannelFactory.close(channel);
    }
  }

  /** A new channel to {@link #target}, after checking it; the caller shuts it down. */
  ManagedChannel open() {
    checkTarget(target);
    return channels().open(target, credentials());
  }

  /** TLS (with --tls, --ca or --cert) or plaintext. */
  ChannelCredentials credentials() {
    if ((cert == null) != (key == null)) {
      throw new ParameterException(mixee.commandLine(), "--cert and --key go together");
    }
    if (!usesTls()) {
      return InsecureChannelCredentials.create();
    }
    try {
      TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
      if (ca != null) {
        b.trustManager(ca.toFile());
      }
      if (cert != null) {
        b.keyManager(cert.toFile(), key.toFile());
      }
      return b.build();
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(
          mixee.commandLine(),
          "cannot read "
              + (ca == null ? "" : "--ca " + ca + " ")
              + (cert == null ? "" : "--cert " + cert + " --key " + key + " ")
              + "as PEM: "
              + e.getMessage());
    }
  }

  /**
   * {@code channel} sending {@code authorization: Bearer TOKEN} on every call when a token is given
   * (--token-file, else $MARQUEE_TOKEN), else {@code channel} itself.
   */
  Channel authorized(Channel channel) {
    String token = token();
    if (token == null) {
      return channel;
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private String token() {
    String t;
    if (tokenFile != null) {
      try {
        t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ParameterException(
            mixee.commandLine(), "cannot read --token-file " + tokenFile + ": " + e);
      }
      if (t.isEmpty()) {
        throw new ParameterException(
            mixee.commandLine(), "--token-file " + tokenFile + " is empty");
      }
      return t;
    }
    t = System.getenv("MARQUEE_TOKEN");
    return t == null || t.isBlank() ? null : t.strip();
  }

  /**
   * {@code HOST:PORT} ({@code [::1]:50051} for IPv6) with a port in 1..65535, or a gRPC target URI
   * with a scheme ({@code dns:///host:port}, {@code unix:///path}) passed through as is. Caught
   * here because gRPC would otherwise fail late, on another thread, with a stack trace.
   */
  void checkTarget(String t) {
    if (HAS_SCHEME.matcher(t).matches()) {
      return;
    }
    Matcher m = HOST_PORT.matcher(t);
    int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
    if (port < 1 || port > 65_535) {
      throw new ParameterException(
          mixee.commandLine(),
          "--target must be HOST:PORT with a port in 1..65535 (or a URI such as dns:///host:port); target="
              + t);
    }
  }

  /** Prints the one-line explanation of a failed call and returns its exit code. */
  int report(Status status) {
    err().println(describe(status));
    err().flush();
    return exitCode(status.getCode()).code();
  }

  /**
   * The exit code for a call that ended with this gRPC status; statuses without their own code are
   * INTERNAL.
   */
  static ExitCode exitCode(Status.Code status) {
    return switch (status) {
      case OK -> ExitCode.OK;
      case UNAVAILABLE -> ExitCode.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> ExitCode.DEADLINE;
      case INVALID_ARGUMENT -> ExitCode.INVALID_ARGUMENT;
      case NOT_FOUND -> ExitCode.NOT_FOUND;
      case UNAUTHENTICATED -> ExitCode.UNAUTHENTICATED;
      case RESOURCE_EXHAUSTED -> ExitCode.OVERLOADED;
      default -> ExitCode.INTERNAL;
    };
  }

  /**
   * Prints {@code view} as one JSON document with {@code --json}, else as {@code text} renders it.
   */
  <T> void print(T view, Function<T, String> text) {
    if (json.enabled()) {
      json.print(out(), view);
    } else {
      out().print(text.apply(view));
    }
    out().flush();
  }

  /** The one line a user sees for a failed call. */
  String describe(Status status) {
    String detail = status.getDescription() == null ? "" : status.getDescription();
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          detail.startsWith("Unable to resolve host")
              ? "no server at " + target + " - cannot resolve the host; check --target"
              : caused(status, javax.net.ssl.SSLException.class)
                  ? "TLS with "
                      + target
                      + " failed: "
                      + detail
                      + " (check --ca, --cert/--key, and that the server serves TLS)"
                  : caused(status, java.net.ConnectException.class)
                      ? "no server at " + target + " - is `bin/server` running?"
                      : !usesTls()
                              && (detail.startsWith("Network closed")
                                  || caused(status, IOException.class))
                          ? "server at "
                              + target
                              + " closed the connection ("
                              + detail
                              + "): if it serves TLS, give --tls or --ca"
                          : "server at " + target + " is unavailable: " + detail;
      case DEADLINE_EXCEEDED ->
          "deadline exceeded: no answer from "
              + target
              + " within "
              + Durations.format(deadline)
              + " (raise --deadline)";
      case INVALID_ARGUMENT -> "invalid argument: " + detail;
      case NOT_FOUND -> "not found: " + detail;
      case UNAUTHENTICATED ->
          "unauthenticated: " + detail + " (give --token-file FILE or set MARQUEE_TOKEN)";
      case RESOURCE_EXHAUSTED -> "server busy: " + detail + " (retry later, or give --retries N)";
      default -> "error: " + status.getCode() + (detail.isEmpty() ? "" : ": " + detail);
    };
  }

  /** Whether the status's cause chain holds a {@code type}. */
  private static boolean caused(Status status, Class<? extends Throwable> type) {
    for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private boolean usesTls() {
    return tls || ca != null || cert != null;
  }

  PrintWriter out() {
    return mixee.commandLine().getOut();
  }

  PrintWriter err() {
    return mixee.commandLine().getErr();
  }

  ChannelFactory channels() {
    return ((ClientCli) mixee.root().userObject()).channels();
  }
}
