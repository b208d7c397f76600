package dev.marquee.server;

import dev.marquee.core.cli.CommandException;
import dev.marquee.core.cli.ErrorHandler;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.cli.ModelOption;
import dev.marquee.core.cli.OpenSearchOptions;
import dev.marquee.core.cli.ThreadsOption;
import dev.marquee.indexer.IndexExitCodes;
import dev.marquee.indexer.MovieIndex;
import dev.marquee.indexer.opensearch.ClusterConfig;
import dev.marquee.indexer.opensearch.OpenSearchSchema;
import dev.marquee.server.http.WebServer;
import dev.marquee.server.opensearch.AliasPoller;
import dev.marquee.server.opensearch.OpenSearchBackend;
import io.grpc.ServerInterceptor;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/server}: serves a model and its index over gRPC until SIGTERM. It refuses to start,
 * with one {@code error:} line and an exit code from the shared table, when the model or the index
 * is missing, corrupt or mismatched, or when it cannot listen.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Serves marquee.v1.Recommender (plus health and reflection) for a model and its index.",
    modelTransformer = ServerCli.Errors.class)
@Exits({ExitCode.MODEL, ExitCode.INDEX, ExitCode.IO, ExitCode.BACKEND})
public final class ServerCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOption model;

  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "Index directory built from this model (required unless --exact).")
  Path index;

  @Option(
      names = "--port",
      defaultValue = "${env:MARQUEE_PORT:-50051}",
      description = "Port (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      defaultValue = "${env:MARQUEE_HOST:-127.0.0.1}",
      description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--exact", description = "Brute-force retrieval instead of HNSW (the reference).")
  boolean exact;

  @Option(
      names = "--oversample",
      defaultValue = "4",
      description = "HNSW candidates = max(k * oversample, ef). Default: ${DEFAULT-VALUE}.")
  int oversample;

  @Option(
      names = "--ef",
      defaultValue = "100",
      description = "Smallest HNSW candidate count (the search beam). Default: ${DEFAULT-VALUE}.")
  int ef;

  @Option(
      names = "--exact-below",
      defaultValue = "" + MovieIndex.DEFAULT_EXACT_THRESHOLD,
      description =
          "Scan catalogues smaller than this exactly even with an index (a scan beats HNSW there; 0: always HNSW). Default: ${DEFAULT-VALUE}.")
  int exactBelow;

  @Option(
      names = "--fold-in-lambda",
      defaultValue = "1.0",
      description = "Ridge strength of the new-user fold-in. Default: ${DEFAULT-VALUE}.")
  double foldInLambda;

  @Mixin ThreadsOption threads;

  @Option(
      names = "--queue",
      defaultValue = "10000",
      description =
          "Tasks waiting for a call thread; beyond that the transport thread runs them (backpressure). Default: ${DEFAULT-VALUE}.")
  int queue;

  @Option(
      names = "--max-message-bytes",
      defaultValue = "1048576",
      description = "Largest inbound message. Default: ${DEFAULT-VALUE}.")
  int maxMessageBytes;

  @Option(
      names = "--grace-seconds",
      defaultValue = "10",
      description = "How long shutdown waits for calls in flight. Default: ${DEFAULT-VALUE}.")
  int graceSeconds;

  @Option(
      names = "--watch",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Reload when the model or index directory changes (SIGHUP always reloads). Default: ${DEFAULT-VALUE}.")
  boolean watch;

  @Option(names = "--access-log", description = "Print one line per call to standard output.")
  boolean accessLog;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "Also serve the web page and the JSON API (POST /api/v1/<Rpc>) on this port (0: any free port). Off unless given.")
  Integer httpPort;

  @Option(
      names = "--http-host",
      defaultValue = "${env:MARQUEE_HTTP_HOST:-127.0.0.1}",
      description = "Address the web page binds (plain HTTP). Default: ${DEFAULT-VALUE}.")
  String httpHost;

  // Serving beyond loopback (#12): TLS, tokens, reflection; the overload limit; metrics.
  @Mixin SecurityOptions security;

  @Mixin LimitsOptions limits;

  @Mixin MetricsOptions metrics;

  // Live ratings (#13): the event log, RateMovies.
  @Mixin LiveOptions live;

  // The OpenSearch backend (#15).
  @Option(
      names = "--backend",
      defaultValue = "local",
      paramLabel = "local|opensearch",
      description =
          "local: the index directory --index; opensearch: the index the alias --index-name names in the cluster --opensearch. Default: ${DEFAULT-VALUE}.")
  String backend;

  @Mixin OpenSearchOptions opensearch;

  @Option(
      names = "--opensearch-poll-ms",
      defaultValue = "1000",
      description =
          "How often to check the cluster's health and the alias (a moved alias reloads). Default: ${DEFAULT-VALUE}.")
  long opensearchPollMs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ServerCli()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Flags flags = checkFlags();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Consumer<String> note =
        line -> {
          err.println(line);
          err.flush();
        };
    AuthTokens tokens = security.tokens();
    if (tokens != null && httpPort != null) {
      // The web page's views and JSON API take no token: it would open what the tokens close.
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--http-port serves the web page without authentication; it cannot be combined with"
              + " --auth-tokens");
    }
    int n = threads.count();
    FoldIn foldIn = flags.foldIn();
    ServingStateHolder states = new ServingStateHolder();
    ServerMetrics serverMetrics = metrics.enabled() ? new ServerMetrics(states::peek) : null;
    RetrievalOptions retrieval =
        serverMetrics == null ? flags.retrieval() : flags.retrieval().withObserver(serverMetrics);
    try (ResourceStack opened = new ResourceStack()) {
      opened.push(states);
      ThreadPoolExecutor executor = callExecutor(n);
      opened.push(executor::shutdownNow);
      // Live ratings: the log is opened (and a torn tail truncated, or corruption refused) after
      // every check of the flags and before listening; each model loaded replays the events it was
      // not trained on.
      LiveRatings ratings = opened.push(live.open(states, foldIn, note));
      MarqueeServer server =
          new MarqueeServer(
              security
                  .serverBuilder(new InetSocketAddress(host, port))
                  .executor(executor)
                  .maxInboundMessageSize(maxMessageBytes),
              states,
              new Recommender(foldIn),
              interceptors(serverMetrics, tokens, out),
              new MarqueeServer.Options(security.reflectionOn(), note),
              ratings);
      OpenSearchBackend remote =
          flags.cluster() == null
              ? null
              : opened.push(
                  new OpenSearchBackend(
                      model.dir(), flags.cluster(), opensearch.indexName(), retrieval));
      Callable<ServingState> pairs =
          remote != null ? remote : new PairLoader(model.dir(), index, retrieval);
      Callable<ServingState> loader =
          ratings.loader(serverMetrics == null ? pairs : serverMetrics.countingLoads(pairs));
      HTTPServer metricsServer =
          serverMetrics == null ? null : opened.push(serveMetrics(serverMetrics));
      // Listen first (health NOT_SERVING, calls UNAVAILABLE) so probes see the server while a large
      // model loads.
      listen(server);
      opened.push(() -> server.stop(Duration.ZERO));
      WebServer page =
          httpPort == null ? null : opened.push(startPage(server, states, executor, n));
      // A model that fails to load ends here: the handler prints it and exits with its type's code
      // (MODEL, INDEX, ...), and the stack closes what had started.
      ServingState first = loader.call();
      states.swap(first);
      server.setServing(true);
      announce(out, first, server, metricsServer, page);
      Reloader reloader = opened.push(new Reloader(loader, states, note));
      // SIGHUP re-reads the token file first (a bad file keeps the old tokens), then reloads.
      reloader.reloadOnSighup(tokens == null ? () -> {} : () -> reloadTokens(tokens, note));
      if (watch) {
        List<Path> dirs = index == null ? List.of(model.dir()) : List.of(model.dir(), index);
        reloader.watch(dirs, Duration.ofSeconds(1));
      }
      AliasPoller poller =
          remote == null
              ? null
              : opened.push(
                  new AliasPoller(
                          remote,
                          states,
                          reloader,
                          server::setServing,
                          note,
                          Duration.ofMillis(opensearchPollMs))
                      .start());
      // SIGTERM (and Ctrl-C) drain and end call() normally, so the exit status is 0, not 143; the
      // JVM's own handler, which runs shutdown hooks and exits 143, is replaced for both.
      Runnable drain =
          () -> {
            note.accept("shutting down: draining calls in flight (up to " + graceSeconds + " s)");
            try {
              reloader.close();
              if (poller != null) {
                poller.close();
              }
              if (page != null) {
                page.close();
              }
              server.stop(Duration.ofSeconds(graceSeconds));
            } catch (InterruptedException | IOException ex) {
              Thread.currentThread().interrupt();
            }
          };
      for (String signal : List.of("TERM", "INT")) {
        sun.misc.Signal.handle(
            new sun.misc.Signal(signal), sig -> new Thread(drain, "marquee-shutdown").start());
      }
      server.blockUntilShutdown();
    }
    note.accept("stopped");
    return ExitCode.OK.code();
  }

  /** The checked flags; a bad value or combination is a usage error. */
  private record Flags(RetrievalOptions retrieval, ClusterConfig cluster, FoldIn foldIn) {}

  private Flags checkFlags() {
    Flags flags;
    try {
      if (!backend.equals("local") && !backend.equals("opensearch")) {
        throw new IllegalArgumentException(
            "--backend must be local or opensearch; --backend=" + backend);
      }
      if (index == null && !exact && backend.equals("local")) {
        throw new IllegalArgumentException("--index is required unless --exact is given");
      }
      ClusterConfig cluster = null;
      if (backend.equals("opensearch")) {
        if (index != null || exact || opensearchPollMs < 100) {
          throw new IllegalArgumentException(
              "--backend opensearch takes neither --index nor --exact, and --opensearch-poll-ms"
                  + " >= 100; --opensearch-poll-ms="
                  + opensearchPollMs);
        }
        cluster = ClusterConfig.of(opensearch);
        OpenSearchSchema.requireAliasName(opensearch.indexName());
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be in [0, 65535]; --port=" + port);
      }
      if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
        throw new IllegalArgumentException(
            "--http-port must be in [0, 65535]; --http-port=" + httpPort);
      }
      if (queue < 1 || maxMessageBytes < 1024 || graceSeconds < 0) {
        throw new IllegalArgumentException(
            "--queue must be >= 1, --max-message-bytes >= 1024, --grace-seconds >= 0; "
                + "got "
                + queue
                + ", "
                + maxMessageBytes
                + ", "
                + graceSeconds);
      }
      flags =
          new Flags(
              new RetrievalOptions(exact, oversample, ef, exactBelow),
              cluster,
              new FoldIn(foldInLambda));
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
    }
    live.validate(spec.commandLine());
    return flags;
  }

  /**
   * The call threads: n of them and a queue of --queue tasks. When both are full the transport
   * thread runs the task itself (caller-runs), which stops it reading new requests: backpressure
   * instead of failed calls (an aborting executor makes grpc-java fail calls with
   * INTERNAL/UNKNOWN).
   */
  private ThreadPoolExecutor callExecutor(int n) {
    AtomicInteger seq = new AtomicInteger();
    return new ThreadPoolExecutor(
        n,
        n,
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue),
        r -> {
          Thread t = new Thread(r, "marquee-call-" + seq.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /**
   * Outermost first: metrics see every call, refused ones included; authentication comes before the
   * limit, so calls without a token take no slot.
   */
  private List<ServerInterceptor> interceptors(
      ServerMetrics serverMetrics, AuthTokens tokens, PrintWriter out) {
    List<ServerInterceptor> interceptors = new ArrayList<>();
    if (serverMetrics != null) {
      interceptors.add(serverMetrics);
    }
    if (accessLog) {
      interceptors.add(
          new AccessLogInterceptor(
              line -> {
                synchronized (out) {
                  out.println(line);
                  out.flush();
                }
              }));
    }
    interceptors.addAll(security.interceptors(tokens));
    interceptors.addAll(limits.interceptors());
    return interceptors;
  }

  private HTTPServer serveMetrics(ServerMetrics serverMetrics) {
    try {
      return serverMetrics.serve(metrics.metricsHost, metrics.metricsPort);
    } catch (IOException ex) {
      throw new CommandException(
          ExitCode.IO,
          "cannot serve metrics on "
              + metrics.metricsHost
              + ":"
              + metrics.metricsPort
              + ": "
              + Reloader.oneLine(ex),
          ex);
    }
  }

  /** Starts listening; exits with IO, naming the address, when it cannot. */
  private void listen(MarqueeServer server) {
    try {
      server.start();
    } catch (IOException ex) {
      Throwable c = ex;
      while (c.getCause() != null && !(c instanceof BindException)) {
        c = c.getCause();
      }
      throw new CommandException(
          ExitCode.IO, "cannot listen on " + host + ":" + port + ": " + Reloader.oneLine(c), ex);
    }
  }

  private void announce(
      PrintWriter out,
      ServingState first,
      MarqueeServer server,
      HTTPServer metricsServer,
      WebServer page) {
    out.println(
        "serving model "
            + first.modelId()
            + " ("
            + first.catalogue().size()
            + " movies, "
            + first.retriever().describe()
            + ") on "
            + host
            + ":"
            + server.port()
            + (security.tlsCert == null ? "" : " (TLS)")
            + (metricsServer == null
                ? ""
                : ", metrics on http://"
                    + metrics.metricsHost
                    + ":"
                    + metricsServer.getPort()
                    + "/metrics"));
    if (page != null) {
      out.println("web page: http://" + httpHost + ":" + page.port() + "/");
    }
    out.flush();
  }

  private static void reloadTokens(AuthTokens tokens, Consumer<String> note) {
    try {
      note.accept("tokens reloaded: " + tokens.reload() + " from " + tokens.file());
    } catch (IOException ex) {
      note.accept(
          "token reload refused, keeping " + tokens.size() + " tokens: " + Reloader.oneLine(ex));
    }
  }

  /**
   * The web page and JSON API beside gRPC ({@code --http-port}); exits with IO when it cannot
   * listen.
   */
  private WebServer startPage(
      MarqueeServer server, ServingStateHolder states, ThreadPoolExecutor executor, int threads) {
    try {
      return WebServer.start(
          new InetSocketAddress(httpHost, httpPort),
          server.recommenderService(),
          states,
          model.dir(),
          executor,
          threads);
    } catch (IOException ex) {
      throw new CommandException(
          ExitCode.IO,
          "cannot listen on " + httpHost + ":" + httpPort + " (--http-port): " + ex.getMessage(),
          ex);
    }
  }

  /**
   * An index that is missing, corrupt or from another model; the shared mapping covers the model
   * and I/O.
   */
  static final class Errors extends ErrorHandler {
    Errors() {
      super(IndexExitCodes.BY_TYPE);
    }
  }
}
