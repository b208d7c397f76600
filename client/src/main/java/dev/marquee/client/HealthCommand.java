package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code client health}: the standard grpc.health.v1 Check; exit 0 only when SERVING. */
@Command(
    name = "health",
    description = {
      "Asks the server's grpc.health.v1 service for a status and prints it (SERVING, NOT_SERVING, ...).",
      "Exits 0 only when SERVING, 13 (not serving) when the server answers anything else."
    })
@Exits(ExitCode.NOT_SERVING)
final class HealthCommand implements Callable<Integer> {
  @Mixin ConnectionOptions conn;

  @Option(
      names = "--service",
      paramLabel = "NAME",
      defaultValue = "",
      description =
          "Service to ask about, e.g. marquee.v1.Recommender (default: \"\", the whole server).")
  String service;

  @Override
  public Integer call() throws Exception {
    return conn.run(
        channel -> {
          HealthCheckResponse response =
              HealthGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(conn.deadline.toNanos(), TimeUnit.NANOSECONDS)
                  .check(HealthCheckRequest.newBuilder().setService(service).build());
          HealthCheckResponse.ServingStatus status = response.getStatus();
          conn.print(new Views.Health(conn.target, service, status.name()), h -> h.status() + "\n");
          return status == HealthCheckResponse.ServingStatus.SERVING
              ? ExitCode.OK.code()
              : ExitCode.NOT_SERVING.code();
        });
  }
}
