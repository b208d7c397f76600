package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import dev.marquee.server.testing.TestCertificates;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection flags every command shares, against a Netty server with TLS (certificates made at
 * test time) that wants a bearer token: --tls, --ca, --cert/--key, --token-file, --retries.
 */
class SecureConnectionTest {
  @TempDir static Path tmp;
  static TestCertificates certs;
  static Path token;
  Server server;

  @BeforeAll
  static void certificates() throws IOException {
    certs = TestCertificates.create(tmp.resolve("certs"));
    token = Files.writeString(tmp.resolve("token"), "s3cret\n");
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Wants "Bearer s3cret"; answers the first {@code busy} calls RESOURCE_EXHAUSTED. */
  static ServerInterceptor gate(int busy) {
    AtomicInteger calls = new AtomicInteger();
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String auth =
            headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
        if (!"Bearer s3cret".equals(auth)) {
          call.close(Status.UNAUTHENTICATED.withDescription("no valid token"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        if (calls.incrementAndGet() <= busy) {
          call.close(Status.RESOURCE_EXHAUSTED.withDescription("server busy"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  String start(ServerCredentials creds, int busy) throws IOException {
    server =
        Grpc.newServerBuilderForPort(0, creds)
            .addService(ServerInterceptors.intercept(new FakeRecommender(), gate(busy)))
            .build()
            .start();
    return "localhost:" + ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  static CliRun client(String... args) {
    return CliRun.of(new ClientCli(), args);
  }

  @Test
  void tlsWithAToken() throws Exception {
    String target =
        start(
            TlsServerCredentials.create(certs.serverCert().toFile(), certs.serverKey().toFile()),
            0);
    String ca = certs.ca().toString();
    CliRun ok =
        client(
            "recommend",
            "--user",
            "42",
            "--target",
            target,
            "--tls",
            "--ca",
            ca,
            "--token-file",
            token.toString());
    assertEquals(0, ok.code(), ok::toString);
    assertTrue(ok.out().startsWith("Top 3 for user 42"), ok.out());

    CliRun noToken = client("info", "--target", target, "--ca", ca);
    assertEquals(ExitCode.UNAUTHENTICATED.code(), noToken.code(), noToken::toString);
    assertEquals(
        "unauthenticated: no valid token (give --token-file FILE or set MARQUEE_TOKEN)\n",
        noToken.err());

    CliRun plaintext = client("info", "--target", target, "--token-file", token.toString());
    assertEquals(ExitCode.UNAVAILABLE.code(), plaintext.code(), plaintext::toString);
    assertTrue(plaintext.err().endsWith("if it serves TLS, give --tls or --ca\n"), plaintext.err());
  }

  @Test
  void mutualTls() throws Exception {
    String target =
        start(
            TlsServerCredentials.newBuilder()
                .keyManager(certs.serverCert().toFile(), certs.serverKey().toFile())
                .trustManager(certs.ca().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build(),
            0);
    String[] base = {
      "info", "--target", target, "--ca", certs.ca().toString(), "--token-file", token.toString()
    };
    CliRun without = client(base);
    assertEquals(ExitCode.UNAVAILABLE.code(), without.code(), without::toString);
    assertTrue(without.err().startsWith("TLS with " + target + " failed"), without.err());
    String[] withCert = new String[base.length + 4];
    System.arraycopy(base, 0, withCert, 0, base.length);
    withCert[base.length] = "--cert";
    withCert[base.length + 1] = certs.clientCert().toString();
    withCert[base.length + 2] = "--key";
    withCert[base.length + 3] = certs.clientKey().toString();
    CliRun with = client(withCert);
    assertEquals(0, with.code(), with::toString);
  }

  @Test
  void busyIsRetriedOnlyWhenAsked() throws Exception {
    String target = start(io.grpc.InsecureServerCredentials.create(), 2);
    CliRun once = client("info", "--target", target, "--token-file", token.toString());
    assertEquals(ExitCode.OVERLOADED.code(), once.code(), once::toString);
    assertEquals("server busy: server busy (retry later, or give --retries N)\n", once.err());
    // One busy answer left, then the call goes through on the second attempt.
    CliRun retried =
        client("info", "--target", target, "--token-file", token.toString(), "--retries", "2");
    assertEquals(0, retried.code(), retried::toString);
  }

  @Test
  void benchCountsBusyAnswers() throws Exception {
    String target = start(io.grpc.InsecureServerCredentials.create(), 7);
    CliRun bench =
        client(
            "bench",
            "-n",
            "20",
            "-c",
            "1",
            "--target",
            target,
            "--token-file",
            token.toString(),
            "--json");
    assertEquals(ExitCode.CHECK.code(), bench.code(), bench::toString);
    assertTrue(bench.out().contains("\"RESOURCE_EXHAUSTED\" : 7"), bench.out());
    assertTrue(bench.out().contains("\"OK\" : 13"), bench.out());
  }
}
