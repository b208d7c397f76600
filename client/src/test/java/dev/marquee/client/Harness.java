package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import picocli.CommandLine;

/**
 * An in-process server with the fake service and health, and a way to run the CLI against it.
 *
 * <p>A JUnit extension: a test class declares {@code @RegisterExtension final Harness h = new Harness();}
 * and gets a fresh server before each test; after each test it checks that every channel the CLI opened
 * was shut down, then stops the server.
 */
final class Harness implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  final FakeRecommender fake = new FakeRecommender();
  final HealthStatusManager health = new HealthStatusManager();
  final List<ManagedChannel> opened = new CopyOnWriteArrayList<>();
  final List<String> targets = new CopyOnWriteArrayList<>();
  private final String name = InProcessServerBuilder.generateName();
  private Server server;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server = InProcessServerBuilder.forName(name).addService(fake).addService(health.getHealthService())
        .build().start();
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    try {
      assertTrue(allChannelsShutDown(), "every channel the CLI opened is shut down");
    } finally {
      close();
    }
  }

  /** Channels to this server; records each so tests can check it was shut down. */
  ChannelFactory channels() {
    return target -> {
      targets.add(target);
      ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
      opened.add(ch);
      return ch;
    };
  }

  Run run(String... args) {
    return Run.of(new ClientCli(channels()), args);
  }

  boolean allChannelsShutDown() {
    return opened.stream().allMatch(ManagedChannel::isShutdown);
  }

  @Override
  public void close() throws InterruptedException {
    if (server == null) {
      return;
    }
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Exit code and captured output of one CLI run. */
  record Run(int code, String out, String err) {
    static Run of(ClientCli cli, String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cmd = new CommandLine(cli);
      cmd.setOut(new PrintWriter(out, true));
      cmd.setErr(new PrintWriter(err, true));
      int code = cmd.execute(args);
      return new Run(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
