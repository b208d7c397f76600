package dev.marquee.server;

import picocli.CommandLine.Option;

/** {@code bin/server}'s Prometheus endpoint: {@code --metrics-port}, loopback unless told. */
public final class MetricsOptions {
  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics at http://METRICS_HOST:PORT/metrics (off by default).")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Address of the metrics endpoint. Default: ${DEFAULT-VALUE}.")
  String metricsHost;

  public boolean enabled() {
    return metricsPort != null;
  }
}
