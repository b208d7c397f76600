package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.server.testing.TestCertificates;
import io.grpc.ChannelCredentials;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving beyond loopback over real Netty connections: TLS and mutual TLS with certificates made at
 * test time, bearer tokens (and their reload), the concurrency limit, and the Prometheus endpoint
 * checked by {@code promtool}.
 */
class ExposureTest {
  @TempDir static Path tmp;
  static TestCertificates certs;
  static ServingStateHolder states;
  static final List<AutoCloseable> cleanup = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    certs = TestCertificates.create(tmp.resolve("certs"));
    Fixtures.write(tmp.resolve("model"), Fixtures.generate(3, 50, 300, 8, true));
    states =
        new ServingStateHolder(
            new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT).call());
  }

  @AfterAll
  static void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    states.close();
  }

  /** A started Netty server on a free loopback port. */
  static MarqueeServer serve(io.grpc.ServerCredentials creds, List<ServerInterceptor> interceptors)
      throws IOException {
    MarqueeServer s =
        new MarqueeServer(
                NettyServerBuilder.forAddress(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), creds),
                states,
                new Recommender(new FoldIn(1)),
                interceptors)
            .start();
    s.setServing(true);
    cleanup.add(() -> s.stop(Duration.ofSeconds(1)));
    return s;
  }

  static ManagedChannel channel(MarqueeServer s, ChannelCredentials creds) {
    ManagedChannel ch = Grpc.newChannelBuilder("localhost:" + s.port(), creds).build();
    cleanup.add(ch::shutdownNow);
    return ch;
  }

  static ChannelCredentials tls() throws IOException {
    return TlsChannelCredentials.newBuilder().trustManager(certs.ca().toFile()).build();
  }

  static RecommenderGrpc.RecommenderBlockingStub stub(ManagedChannel ch, String token) {
    var stub = RecommenderGrpc.newBlockingStub(ch);
    if (token != null) {
      Metadata h = new Metadata();
      h.put(TokenAuthInterceptor.AUTHORIZATION, "Bearer " + token);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
    }
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException ex) {
      return ex.getStatus().getCode();
    }
  }

  static void info(RecommenderGrpc.RecommenderBlockingStub stub) {
    stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
  }

  /** A token file line, as README says to make one: NAME:$(printf %s TOKEN | sha256sum). */
  static String line(String name, String token) {
    return name + ":" + java.util.HexFormat.of().formatHex(AuthTokens.sha256(token));
  }

  @Test
  void tokenLinesAreTheSha256sumOfTheToken() throws IOException {
    // printf %s password | sha256sum
    Files.write(
        tmp.resolve("sum"),
        List.of("bob:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"));
    AuthTokens t = AuthTokens.read(tmp.resolve("sum"));
    assertEquals("bob", t.authenticate("password"));
    assertEquals(null, t.authenticate("passwore"));
  }

  static AuthTokens tokens(Path file, String... lines) throws IOException {
    Files.write(file, List.of(lines));
    return AuthTokens.read(file);
  }

  @Test
  void tlsAndTokens() throws Exception {
    AuthTokens tokens = tokens(tmp.resolve("tokens"), "# who:sha256", line("alice", "s3cret-a"));
    MarqueeServer s =
        serve(
            TlsServerCredentials.create(certs.serverCert().toFile(), certs.serverKey().toFile()),
            List.of(new TokenAuthInterceptor(tokens, Set.of(HealthGrpc.SERVICE_NAME))));
    ManagedChannel tls = channel(s, tls());
    assertEquals(Status.Code.OK, code(() -> info(stub(tls, "s3cret-a"))));
    assertEquals(Status.Code.UNAUTHENTICATED, code(() -> info(stub(tls, null))));
    assertEquals(Status.Code.UNAUTHENTICATED, code(() -> info(stub(tls, "s3cret-b"))));
    StatusRuntimeException noToken =
        assertThrows(StatusRuntimeException.class, () -> info(stub(tls, null)));
    assertTrue(noToken.getStatus().getDescription().contains("missing bearer token"));
    // Health is public here.
    assertEquals(
        ServingStatus.SERVING,
        HealthGrpc.newBlockingStub(tls)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance())
            .getStatus());
    // Plaintext to a TLS port fails.
    ManagedChannel plain = channel(s, InsecureChannelCredentials.create());
    assertEquals(Status.Code.UNAVAILABLE, code(() -> info(stub(plain, "s3cret-a"))));
    // A reloaded file: bob replaces alice.
    Files.write(tmp.resolve("tokens"), List.of(line("bob", "s3cret-b")));
    assertEquals(1, tokens.reload());
    assertEquals(Status.Code.UNAUTHENTICATED, code(() -> info(stub(tls, "s3cret-a"))));
    assertEquals(Status.Code.OK, code(() -> info(stub(tls, "s3cret-b"))));
    // A broken file is refused and the tokens stay.
    Files.write(tmp.resolve("tokens"), List.of("bob:not-hex"));
    IOException bad = assertThrows(IOException.class, tokens::reload);
    assertTrue(bad.getMessage().startsWith(tmp.resolve("tokens") + ":1: expected NAME:SHA256HEX"));
    assertEquals(Status.Code.OK, code(() -> info(stub(tls, "s3cret-b"))));
  }

  @Test
  void healthNeedsATokenUnlessPublic() throws Exception {
    AuthTokens tokens = tokens(tmp.resolve("tokens2"), line("ci", "t"));
    MarqueeServer s =
        serve(
            io.grpc.InsecureServerCredentials.create(),
            List.of(new TokenAuthInterceptor(tokens, Set.of())));
    ManagedChannel ch = channel(s, InsecureChannelCredentials.create());
    assertEquals(
        Status.Code.UNAUTHENTICATED,
        code(
            () ->
                HealthGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())));
  }

  @Test
  void mutualTls() throws Exception {
    MarqueeServer s =
        serve(
            TlsServerCredentials.newBuilder()
                .keyManager(certs.serverCert().toFile(), certs.serverKey().toFile())
                .trustManager(certs.ca().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build(),
            List.of());
    ManagedChannel without = channel(s, tls());
    assertEquals(Status.Code.UNAVAILABLE, code(() -> info(stub(without, null))));
    ManagedChannel with =
        channel(
            s,
            TlsChannelCredentials.newBuilder()
                .trustManager(certs.ca().toFile())
                .keyManager(certs.clientCert().toFile(), certs.clientKey().toFile())
                .build());
    assertEquals(Status.Code.OK, code(() -> info(stub(with, null))));
  }

  @Test
  void aboveTheLimitCallsAreRefusedAtOnceAndHealthStaysServing() throws Exception {
    CountDownLatch entered = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    ServerInterceptor hold =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(call, headers)) {
              @Override
              public void onHalfClose() {
                if (call.getMethodDescriptor().getServiceName().equals("marquee.v1.Recommender")) {
                  entered.countDown();
                  try {
                    release.await(20, TimeUnit.SECONDS);
                  } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                  }
                }
                super.onHalfClose();
              }
            };
          }
        };
    ConcurrencyLimitInterceptor limit =
        new ConcurrencyLimitInterceptor(2, Set.of(HealthGrpc.SERVICE_NAME));
    ServerMetrics metrics = new ServerMetrics(states::peek);
    MarqueeServer s =
        serve(io.grpc.InsecureServerCredentials.create(), List.of(metrics, limit, hold));
    ManagedChannel ch = channel(s, InsecureChannelCredentials.create());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    cleanup.add(pool::shutdownNow);
    var a = pool.submit(() -> code(() -> info(stub(ch, null))));
    var b = pool.submit(() -> code(() -> info(stub(ch, null))));
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    assertEquals(2, limit.inFlight());
    long t0 = System.nanoTime();
    StatusRuntimeException busy =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                stub(ch, null)
                    .recommend(RecommendRequest.newBuilder().setUserId(1).setK(3).build()));
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "refused at once");
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.getStatus().getCode());
    assertEquals(
        ServingStatus.SERVING,
        HealthGrpc.newBlockingStub(ch)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance())
            .getStatus());
    release.countDown();
    assertEquals(Status.Code.OK, a.get(10, TimeUnit.SECONDS));
    assertEquals(Status.Code.OK, b.get(10, TimeUnit.SECONDS));
    assertEquals(0, limit.inFlight());
    String text = scrape(metrics);
    assertTrue(
        text.contains(
            "marquee_grpc_calls_total{code=\"RESOURCE_EXHAUSTED\",method=\"marquee.v1.Recommender/Recommend\"} 1.0"),
        text);
    assertTrue(
        text.contains(
            "marquee_grpc_calls_total{code=\"OK\",method=\"marquee.v1.Recommender/GetModelInfo\"} 2.0"),
        text);
  }

  /** The status of a v1 reflection list_services call. */
  static Status.Code listServices(ManagedChannel ch, String token) throws Exception {
    var first =
        new java.util.concurrent.CompletableFuture<
            io.grpc.reflection.v1.ServerReflectionResponse>();
    var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(ch);
    if (token != null) {
      Metadata h = new Metadata();
      h.put(TokenAuthInterceptor.AUTHORIZATION, "Bearer " + token);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
    }
    var req = stub.serverReflectionInfo(ServerTest.observer(first));
    req.onNext(
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
    req.onCompleted();
    try {
      first.get(10, TimeUnit.SECONDS);
      return Status.Code.OK;
    } catch (java.util.concurrent.ExecutionException ex) {
      return Status.fromThrowable(ex.getCause()).getCode();
    }
  }

  @Test
  void reflectionOnOffOrAuthenticated() throws Exception {
    AuthTokens tokens = tokens(tmp.resolve("tokens3"), line("ci", "t"));
    for (SecurityOptions.Reflection mode : SecurityOptions.Reflection.values()) {
      SecurityOptions o = new SecurityOptions();
      o.reflection = mode;
      MarqueeServer s =
          new MarqueeServer(
                  NettyServerBuilder.forAddress(
                      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                      io.grpc.InsecureServerCredentials.create()),
                  states,
                  new Recommender(new FoldIn(1)),
                  o.interceptors(tokens),
                  new MarqueeServer.Options(o.reflectionOn(), line -> {}))
              .start();
      cleanup.add(() -> s.stop(Duration.ofSeconds(1)));
      ManagedChannel ch = channel(s, InsecureChannelCredentials.create());
      Status.Code anonymous = listServices(ch, null);
      Status.Code withToken = listServices(ch, "t");
      switch (mode) {
        case on -> {
          assertEquals(Status.Code.OK, anonymous);
          assertEquals(Status.Code.OK, withToken);
        }
        case authenticated -> {
          assertEquals(Status.Code.UNAUTHENTICATED, anonymous);
          assertEquals(Status.Code.OK, withToken);
        }
        case off -> assertEquals(Status.Code.UNIMPLEMENTED, withToken);
      }
      // The recommender itself always needs the token.
      assertEquals(Status.Code.UNAUTHENTICATED, code(() -> info(stub(ch, null))));
    }
  }

  /** The text exposition of {@code metrics} over HTTP, after {@code promtool check metrics}. */
  static String scrape(ServerMetrics metrics) throws Exception {
    var http = metrics.serve("127.0.0.1", 0);
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + http.getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      promtoolCheck(r.body());
      return r.body();
    } finally {
      http.close();
    }
  }

  /**
   * {@code promtool check metrics} must pass. CI installs promtool (Debian package prometheus, see
   * bin/test); only MARQUEE_SKIP_PROMTOOL=1 lets a machine without it skip this one check.
   */
  static void promtoolCheck(String exposition) throws Exception {
    if ("1".equals(System.getenv("MARQUEE_SKIP_PROMTOOL"))) {
      return;
    }
    Process p;
    try {
      p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException ex) {
      throw new AssertionError(
          "promtool not found: apt-get install prometheus (or MARQUEE_SKIP_PROMTOOL=1)", ex);
    }
    try (var in = p.getOutputStream()) {
      in.write(exposition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
  }
}
