package dev.marquee.server.http;

import com.sun.net.httpserver.HttpServer;
import dev.marquee.server.ServingStateHolder;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web page and its JSON API ({@code bin/server --http-port}), on the JDK's own HTTP server
 * ({@code com.sun.net.httpserver}): no dependency for a loopback page and a handful of JSON routes,
 * where a framework would bring its own transport and threads beside Netty's.
 *
 * <p>The RPCs are not reimplemented: each call goes through an in-process gRPC channel to the very
 * service definition the gRPC port serves (interceptors included), so an answer over HTTP is the
 * gRPC answer in JSON, with the same status and message.
 */
public final class WebServer implements AutoCloseable {
  /** Deadline of each RPC made for an HTTP request. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private final HttpServer http;
  private final Server inProcess;
  private final ManagedChannel channel;
  private final ExecutorService pool;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WebServer(
      HttpServer http, Server inProcess, ManagedChannel channel, ExecutorService pool) {
    this.http = http;
    this.inProcess = inProcess;
    this.channel = channel;
    this.pool = pool;
  }

  /**
   * Starts listening.
   *
   * @param address where to listen (port 0: any free port)
   * @param service the recommender service as the gRPC server serves it
   * @param states the served model snapshots, for the read-only views
   * @param modelDir the model directory (for its history plot); null: none
   * @param callExecutor where the RPCs run (the gRPC server's call executor)
   * @param threads HTTP handler threads
   * @throws IOException when it cannot listen on {@code address}
   */
  public static WebServer start(
      InetSocketAddress address,
      ServerServiceDefinition service,
      ServingStateHolder states,
      Path modelDir,
      Executor callExecutor,
      int threads)
      throws IOException {
    String name = InProcessServerBuilder.generateName();
    Server inProcess =
        InProcessServerBuilder.forName(name).executor(callExecutor).addService(service).build();
    inProcess.start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    AtomicInteger seq = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "marquee-http-" + seq.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    HttpServer http;
    try {
      http = HttpServer.create(address, 0);
    } catch (IOException ex) {
      channel.shutdownNow();
      inProcess.shutdownNow();
      pool.shutdownNow();
      throw ex;
    }
    http.createContext(
        Routes.PREFIX,
        new Routes(new JsonRpc(service, channel, DEADLINE), new Browse(states), modelDir));
    http.createContext("/", new StaticFiles());
    http.setExecutor(pool);
    http.start();
    return new WebServer(http, inProcess, channel, pool);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Stops listening, lets requests in flight finish for up to a second, then stops the rest. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return; // the shutdown drain closes it, then the server's stop does
    }
    http.stop(1);
    channel.shutdownNow();
    inProcess.shutdownNow();
    pool.shutdownNow();
    try {
      inProcess.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
