package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real transport: the default channel factory against a loopback Netty server, and a closed
 * port.
 */
class NettyTest {

  private static Server start() throws Exception {
    return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(new FakeRecommender())
        .build()
        .start();
  }

  @Test
  void noServerAtClosedPort() throws Exception {
    Server server = start();
    int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS); // the port is now closed
    String target = "127.0.0.1:" + port;

    CliRun r = CliRun.of(new ClientCli(), "info", "--target", target);
    assertEquals(ExitCode.UNAVAILABLE.code(), r.code(), r::toString);
    assertEquals("no server at " + target + " - is `bin/server` running?\n", r.err());
    assertEquals("", r.out());

    CliRun bench =
        CliRun.of(new ClientCli(), "bench", "-n", "5", "-c", "2", "--target", target, "--json");
    assertEquals(ExitCode.UNAVAILABLE.code(), bench.code(), bench::toString);
    assertEquals("no server at " + target + " - is `bin/server` running?\n", bench.err());
    assertTrue(bench.out().contains("\"UNAVAILABLE\" : 5"), bench.out());
  }

  @Test
  void unknownHost() {
    CliRun r = CliRun.of(new ClientCli(), "info", "--target", "no-such-host.invalid:50051");
    assertEquals(ExitCode.UNAVAILABLE.code(), r.code(), r::toString);
    assertEquals(
        "no server at no-such-host.invalid:50051 - cannot resolve the host; check --target\n",
        r.err());
  }

  @Test
  void talksToARealServer() throws Exception {
    Server server = start();
    try {
      int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
      CliRun r =
          CliRun.of(new ClientCli(), "recommend", "--user", "42", "--target", "127.0.0.1:" + port);
      assertEquals(0, r.code(), r::toString);
      assertTrue(r.out().startsWith("Top 3 for user 42 - model m-0123abcd\n"), r.out());
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
