package dev.marquee.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A local OpenSearch cluster for integration tests: N nodes of an unpacked distribution (with the
 * k-NN plugin under {@code plugins/}) on 127.0.0.1, each with its own config, data, logs and temp
 * directory under {@code base}, started as child processes and stopped by PID in {@link #close()}
 * (always: use try-with-resources or an {@code @AfterAll}).
 *
 * <p>OpenSearch refuses to run as root, so as root each node runs in a user namespace as uid 1000
 * ({@code unshare --user}); the JVM flags (C1 only, 512 MB heap) halve start-up on two cores.
 */
public final class OpenSearchNodes implements AutoCloseable {
  private static final String JVM_OPTS = "-Xms512m -Xmx512m -XX:TieredStopAtLevel=1";

  private final Path base;
  private final int httpBase;
  private final List<Process> nodes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Starts {@code count} nodes; node i listens on {@code httpBase + i} (HTTP) and {@code
   * transportBase + i}.
   */
  public OpenSearchNodes(Path home, Path base, int count, int httpBase, int transportBase)
      throws IOException {
    this.base = base;
    this.httpBase = httpBase;
    String seeds =
        IntStream.range(0, count)
            .mapToObj(i -> "\"127.0.0.1:" + (transportBase + i) + "\"")
            .collect(Collectors.joining(","));
    String managers =
        IntStream.range(0, count)
            .mapToObj(i -> "\"node-" + i + "\"")
            .collect(Collectors.joining(","));
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      for (int i = 0; i < count; i++) {
        Path d = base.resolve("node-" + i);
        Path conf = Files.createDirectories(d.resolve("config"));
        try (Stream<Path> files = Files.list(home.resolve("config"))) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            Files.copy(f, conf.resolve(f.getFileName()));
          }
        }
        Files.createDirectories(conf.resolve("jvm.options.d"));
        Files.writeString(
            conf.resolve("opensearch.yml"),
            String.join(
                "\n",
                "cluster.name: marquee-it",
                "node.name: node-" + i,
                "path.data: " + Files.createDirectories(d.resolve("data")),
                "path.logs: " + Files.createDirectories(d.resolve("logs")),
                "network.host: 127.0.0.1",
                "http.port: " + (httpBase + i),
                "transport.port: " + (transportBase + i),
                "discovery.seed_hosts: [" + seeds + "]",
                "cluster.initial_cluster_manager_nodes: [" + managers + "]",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                ""));
        List<String> cmd = new ArrayList<>();
        if (root) {
          cmd.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
        }
        cmd.add(home.resolve("bin/opensearch").toString());
        cmd.add("-q");
        ProcessBuilder pb =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(d.resolve("logs/stdout.log").toFile());
        pb.environment().put("OPENSEARCH_PATH_CONF", conf.toString());
        pb.environment().put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
        pb.environment()
            .put("OPENSEARCH_TMPDIR", Files.createDirectories(d.resolve("tmp")).toString());
        pb.environment().put("OPENSEARCH_JAVA_OPTS", JVM_OPTS);
        nodes.add(pb.start());
      }
    } catch (IOException | RuntimeException ex) {
      close();
      throw ex;
    }
  }

  /** The HTTP URL of node i. */
  public String url(int i) {
    return "http://127.0.0.1:" + (httpBase + i);
  }

  /** Every node's URL, comma-separated (the {@code --opensearch} value). */
  public String urls() {
    return IntStream.range(0, nodes.size()).mapToObj(this::url).collect(Collectors.joining(","));
  }

  /** Waits until every node has joined and the cluster is green. */
  public void awaitGreen(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      for (Process p : nodes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "an OpenSearch node exited with " + p.exitValue() + "; see " + base + "/node-*/logs");
        }
      }
      try {
        last =
            get(
                url(0),
                "/_cluster/health?wait_for_status=green&wait_for_nodes="
                    + nodes.size()
                    + "&timeout=2s");
        if (last.contains("\"timed_out\":false")) {
          return;
        }
      } catch (IOException ex) {
        last = ex.toString();
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("cluster not green within " + timeout + ": " + last);
  }

  /** A GET on node {@code url}, the body as text. */
  public String get(String url, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  /** The index of the node that is not the elected cluster manager (safe to stop with two). */
  public int nonManager() throws IOException, InterruptedException {
    String manager = get(url(0), "/_cat/cluster_manager?h=node").strip();
    return manager.equals("node-0") ? 1 : 0;
  }

  /** Stops node i (SIGTERM, then SIGKILL after 20 s) and waits for it to exit. */
  public void stop(int i) throws InterruptedException {
    Process p = nodes.get(i);
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Stops every node still running. */
  @Override
  public void close() {
    for (int i = 0; i < nodes.size(); i++) {
      try {
        stop(i);
      } catch (InterruptedException ex) {
        nodes.get(i).destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
