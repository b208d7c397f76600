package dev.marquee.client;

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
import picocli.CommandLine;

/** An in-process server with the fake service and health, and a way to run the CLI against it. */
final class Harness implements AutoCloseable {
  final FakeRecommender fake = new FakeRecommender();
  final HealthStatusManager health = new HealthStatusManager();
  final List<ManagedChannel> opened = new CopyOnWriteArrayList<>();
  final List<String> targets = new CopyOnWriteArrayList<>();
  private final Server server;
  private final String name = InProcessServerBuilder.generateName();

  Harness() throws IOException {
    server = InProcessServerBuilder.forName(name).addService(fake).addService(health.getHealthService())
        .build().start();
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
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
