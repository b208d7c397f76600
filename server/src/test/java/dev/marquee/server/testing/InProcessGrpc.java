package dev.marquee.server.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The in-process gRPC harness of the server's and the client's tests: one in-process name, the
 * server on it, and channels to it.
 *
 * <p>Server tests hand {@link #serverBuilder()} to {@code MarqueeServer} (which they start and
 * stop); client tests {@link #serve} a fake service. Channels come two ways: {@link #channel()} for
 * the test's own calls, shut down by {@link #close()}; {@link #open(String)} for the code under
 * test, which must shut them down itself ({@link #allOpenedShutDown()}). As a JUnit extension
 * ({@code @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();}) it checks that after
 * each test and closes.
 */
public final class InProcessGrpc implements AfterEachCallback, AutoCloseable {
  private final String name = InProcessServerBuilder.generateName();
  private final HealthStatusManager health = new HealthStatusManager();
  private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
  private final List<ManagedChannel> opened = new CopyOnWriteArrayList<>();
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private Server server;

  /**
   * A builder for the server: calls run on the calling thread, so a test sees their effects at
   * once.
   */
  public ServerBuilder<?> serverBuilder() {
    return InProcessServerBuilder.forName(name).directExecutor();
  }

  /** A builder for the server whose calls run on {@code executor} (concurrent calls, draining). */
  public ServerBuilder<?> serverBuilder(Executor executor) {
    return InProcessServerBuilder.forName(name).executor(executor);
  }

  /**
   * Starts a server with {@code services} and grpc health reporting SERVING; {@link #close()} stops
   * it. Calls run on gRPC's own threads, as on a real server: slow calls overlap and deadlines
   * fire.
   */
  public InProcessGrpc serve(BindableService... services) throws IOException {
    ServerBuilder<?> b = InProcessServerBuilder.forName(name).addService(health.getHealthService());
    for (BindableService s : services) {
      b.addService(s);
    }
    server = b.build().start();
    health.setStatus("", ServingStatus.SERVING);
    return this;
  }

  /** The health status of the server {@link #serve} started. */
  public HealthStatusManager health() {
    return health;
  }

  /** A channel for the test's own calls (direct executor); {@link #close()} shuts it down. */
  public ManagedChannel channel() {
    return track(InProcessChannelBuilder.forName(name).directExecutor().build());
  }

  /**
   * As {@link #channel()}, with responses delivered on gRPC's own threads (futures, concurrent
   * callers).
   */
  public ManagedChannel threadedChannel() {
    return track(InProcessChannelBuilder.forName(name).build());
  }

  /**
   * A channel for the code under test, as if to {@code target} (recorded in {@link #targets()});
   * that code must shut it down ({@link #allOpenedShutDown()}).
   */
  public ManagedChannel open(String target) {
    targets.add(target);
    ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
    opened.add(ch);
    return ch;
  }

  /** The targets the code under test asked {@link #open} for, in order. */
  public List<String> targets() {
    return targets;
  }

  /** The channels {@link #open} handed out. */
  public List<ManagedChannel> opened() {
    return opened;
  }

  /** Whether the code under test shut down every channel it opened. */
  public boolean allOpenedShutDown() {
    return opened.stream().allMatch(ManagedChannel::isShutdown);
  }

  private ManagedChannel track(ManagedChannel ch) {
    channels.add(ch);
    return ch;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      assertTrue(allOpenedShutDown(), "every channel the code under test opened is shut down");
    } finally {
      close();
    }
  }

  /** Shuts down every channel and the server {@link #serve} started (waiting up to 5 s for it). */
  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    opened.forEach(ManagedChannel::shutdownNow);
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
