package dev.marquee.server;

import dev.marquee.proto.v1.RecommenderGrpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Marquee gRPC server: the {@code marquee.v1.Recommender} service, the standard health service
 * and server reflection (v1 and v1alpha, for grpcurl and ghz), on whatever transport the given
 * {@link ServerBuilder} has (Netty in production, in-process in tests).
 *
 * <p>Health is NOT_SERVING until {@link #setServing(boolean)} says a model is loaded, and goes back
 * to NOT_SERVING before {@link #stop} drains: shut down (no new calls), wait for calls in flight up
 * to the grace period, then cancel what is left.
 */
public final class MarqueeServer {
  private final Server server;
  private final ServerServiceDefinition recommender;
  private final HealthStatusManager health = new HealthStatusManager();
  private final java.util.concurrent.atomic.AtomicBoolean draining =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * How the server is put together beyond its transport.
   *
   * @param reflection whether to register server reflection (v1 and v1alpha)
   * @param log where the rate-limited lines about malformed requests go
   */
  public record Options(boolean reflection, Consumer<String> log) {
    /** Reflection on; malformed requests logged through {@link System.Logger} at WARNING. */
    public static final Options DEFAULTS =
        new Options(
            true,
            line ->
                System.getLogger(MarqueeServer.class.getName())
                    .log(System.Logger.Level.WARNING, line));
  }

  /** A server with {@link Options#DEFAULTS}. */
  public MarqueeServer(
      ServerBuilder<?> builder,
      ServingStateHolder states,
      Recommender recommender,
      List<ServerInterceptor> interceptors) {
    this(builder, states, recommender, interceptors, Options.DEFAULTS);
  }

  /**
   * @param builder a configured builder (port, executor, message size limits); services are added
   *     here
   * @param states the served model snapshots
   * @param recommender the domain
   * @param interceptors interceptors for every service (e.g. the access log, authentication,
   *     metrics), outermost first; each sees every call, malformed requests included
   * @param options reflection and the malformed-request log
   */
  @SuppressWarnings("deprecation") // v1alpha reflection: ghz and older grpcurl speak nothing else
  public MarqueeServer(
      ServerBuilder<?> builder,
      ServingStateHolder states,
      Recommender recommender,
      List<ServerInterceptor> interceptors,
      Options options) {
    List<ServerInterceptor> reversed = new ArrayList<>(interceptors);
    Collections.reverse(reversed); // ServerInterceptors.intercept runs the last one first
    MalformedRequests guard = new MalformedRequests(new RateLimitedLog(options.log()));
    List<ServerServiceDefinition> services = new ArrayList<>();
    // The recommender with its interceptors, as served here; the HTTP/JSON gateway serves the
    // same definition in process.
    this.recommender =
        ServerInterceptors.intercept(
            guard.guard(new RecommenderService(states, recommender).bindService()), reversed);
    builder.addService(this.recommender);
    services.add(health.getHealthService().bindService());
    if (options.reflection()) {
      services.add(ProtoReflectionServiceV1.newInstance().bindService());
      services.add(ProtoReflectionService.newInstance().bindService());
    }
    for (ServerServiceDefinition service : services) {
      builder.addService(ServerInterceptors.intercept(guard.guard(service), reversed));
    }
    this.server = builder.build();
    setServing(false);
  }

  /** Starts listening. */
  public MarqueeServer start() throws IOException {
    server.start();
    return this;
  }

  /** Health for the whole server ("") and for {@code marquee.v1.Recommender}. */
  public void setServing(boolean serving) {
    ServingStatus s = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus("", s);
    health.setStatus(RecommenderGrpc.SERVICE_NAME, s);
  }

  /**
   * The recommender service with its interceptors, as this server serves it: the HTTP/JSON gateway
   * serves the same definition in-process, so its answers and checks are the gRPC ones.
   */
  public ServerServiceDefinition recommenderService() {
    return recommender;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  /**
   * Graceful stop: health NOT_SERVING, refuse new calls, let calls in flight finish within {@code
   * grace}, then cancel the rest.
   */
  public void stop(Duration grace) throws InterruptedException {
    if (draining.compareAndSet(false, true)) {
      health.enterTerminalState();
    }
    server.shutdown();
    if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  public boolean isTerminated() {
    return server.isTerminated();
  }

  /** Blocks until the server has shut down. */
  public void blockUntilShutdown() throws InterruptedException {
    server.awaitTermination();
  }
}
