package dev.marquee.server.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.RatingLog;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import dev.marquee.core.testing.SharedData;
import dev.marquee.indexer.SyntheticArtifacts;
import dev.marquee.indexer.opensearch.ClusterConfig;
import dev.marquee.indexer.opensearch.ClusterUnavailableException;
import dev.marquee.indexer.opensearch.OpenSearchIndexBuilder;
import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.server.FoldIn;
import dev.marquee.server.MarqueeServer;
import dev.marquee.server.PairLoader;
import dev.marquee.server.Recommender;
import dev.marquee.server.Reloader;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.ServerCli;
import dev.marquee.server.ServingStateHolder;
import dev.marquee.server.testing.OpenSearchNodes;
import dev.marquee.server.testing.TcpProxy;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backend opensearch} against a real two-node cluster (OpenSearch and the k-NN plugin
 * unpacked by Maven from Maven Central; {@code marquee.opensearch.home}), over gRPC, beside the
 * local exact backend: the same answers for ML-100K's users, filters and seen movies held, bad
 * configurations refused with one line and their exit code, an alias swap to a new model and one
 * node stopped without a failed call, and UNAVAILABLE with NOT_SERVING while the cluster is cut off
 * (through {@link TcpProxy}), SERVING again once it is back. The steps share one cluster and run in
 * order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenSearchClusterIT {
  static final int K = 10;
  static final String ALIAS = "movies";

  @TempDir static Path work;
  static OpenSearchNodes nodes;
  static ClusterConfig cluster;
  static Path modelA;
  static Path modelB;
  static Path served;
  static ModelArtifact a;
  static ServingStateHolder remoteStates;
  static ServingStateHolder localStates;
  static MarqueeServer remoteServer;
  static MarqueeServer localServer;
  static OpenSearchBackend backend;
  static Reloader reloader;
  static AliasPoller poller;
  static ManagedChannel remote;
  static ManagedChannel local;

  /** The served backend reaches the nodes through these, so a test can cut the cluster off. */
  static TcpProxy proxy0;

  static TcpProxy proxy1;

  @BeforeAll
  static void clusterModelsAndServers() throws Exception {
    String home = System.getProperty("marquee.opensearch.home");
    assumeTrue(
        home != null && Files.isDirectory(Path.of(home)),
        "run through Failsafe, which unpacks OpenSearch and sets marquee.opensearch.home");
    long t0 = System.nanoTime();
    nodes = new OpenSearchNodes(Path.of(home), work.resolve("cluster"), 2, 29200, 29300);
    // Train ML-100K's model while the nodes start (a few epochs: equality, not quality, is tested).
    modelA = work.resolve("model-a");
    Path marquee = Path.of(System.getProperty("marquee.home", "..")).toAbsolutePath();
    Process trainer =
        new ProcessBuilder(
                "bin/trainer",
                "train",
                "--data",
                SharedData.ml100kDir().toAbsolutePath().toString(),
                "--split",
                "none",
                "--epochs",
                "3",
                "--threads",
                "1",
                "--out",
                modelA.toString())
            .directory(marquee.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("trainer.log").toFile())
            .start();
    assertTrue(trainer.waitFor(300, TimeUnit.SECONDS), "bin/trainer train took over 300 s");
    assertEquals(0, trainer.exitValue(), Files.readString(work.resolve("trainer.log")));
    a = ModelArtifacts.read(modelA);
    modelB = work.resolve("model-b");
    SyntheticArtifacts.write(modelB, 1682, 943, a.embeddings().dim(), 7);
    nodes.awaitGreen(Duration.ofSeconds(240));
    System.out.printf(
        "cluster green and model trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    cluster =
        new ClusterConfig(
            List.of(URI.create(nodes.url(0)), URI.create(nodes.url(1))), "", "", 30_000);
    build(a, 2);

    served = Files.createDirectories(work.resolve("served"));
    copyTree(modelA, served.resolve("model"));
    RetrievalOptions options = new RetrievalOptions(false, 4, 100, 0);
    proxy0 = new TcpProxy(29200);
    proxy1 = new TcpProxy(29201);
    ClusterConfig viaProxies =
        new ClusterConfig(
            List.of(
                URI.create("http://127.0.0.1:" + proxy0.port()),
                URI.create("http://127.0.0.1:" + proxy1.port())),
            "",
            "",
            30_000);
    backend = new OpenSearchBackend(served.resolve("model"), viaProxies, ALIAS, options);
    remoteStates = new ServingStateHolder(backend.call());
    remoteServer =
        new MarqueeServer(
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                remoteStates,
                new Recommender(new FoldIn(1)),
                List.of())
            .start();
    remoteServer.setServing(true);
    reloader = new Reloader(backend, remoteStates, line -> System.out.println("server: " + line));
    reloader.watch(List.of(served.resolve("model")), Duration.ofMillis(300));
    poller =
        new AliasPoller(
                backend,
                remoteStates,
                reloader,
                remoteServer::setServing,
                line -> System.out.println("server: " + line),
                Duration.ofMillis(300))
            .start();
    localStates =
        new ServingStateHolder(new PairLoader(modelA, null, RetrievalOptions.EXACT).call());
    localServer =
        new MarqueeServer(
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                localStates,
                new Recommender(new FoldIn(1)),
                List.of())
            .start();
    localServer.setServing(true);
    remote =
        NettyChannelBuilder.forAddress("127.0.0.1", remoteServer.port()).usePlaintext().build();
    local = NettyChannelBuilder.forAddress("127.0.0.1", localServer.port()).usePlaintext().build();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      if (remote != null) {
        remote.shutdownNow();
        local.shutdownNow();
      }
      if (poller != null) {
        poller.close();
        reloader.close();
      }
      if (remoteServer != null) {
        remoteServer.stop(Duration.ZERO);
      }
      if (localServer != null) {
        localServer.stop(Duration.ZERO);
      }
      if (remoteStates != null) {
        remoteStates.close();
        localStates.close();
      }
      if (backend != null) {
        backend.close();
      }
      if (proxy0 != null) {
        proxy0.close();
        proxy1.close();
      }
    } finally {
      if (nodes != null) {
        nodes.close();
      }
    }
  }

  /** Builds {@code m}'s index behind the alias: 2 shards, 1 replica, the last two versions kept. */
  static OpenSearchIndexBuilder.Report build(ModelArtifact m, int keep) throws Exception {
    return build(m, keep, 1, 120);
  }

  static OpenSearchIndexBuilder.Report build(
      ModelArtifact m, int keep, int replicas, int greenSeconds) throws Exception {
    var client = cluster.connect();
    try {
      return new OpenSearchIndexBuilder(client, cluster.describe(), line -> {})
          .build(
              m,
              new OpenSearchIndexBuilder.Options(
                  ALIAS, 2, replicas, keep, 32, 200, 500, greenSeconds));
    } finally {
      client._transport().close();
    }
  }

  /** The indices the alias names, and every index of this test. */
  static String aliasAndIndices() throws Exception {
    return nodes.get(nodes.url(0), "/_cat/aliases/" + ALIAS + "?h=index").strip()
        + " of "
        + nodes.get(nodes.url(0), "/_cat/indices/" + ALIAS + "-*?h=index").strip();
  }

  @Test
  @Order(1)
  void badConfigurationsAreRefusedWithOneLineAndTheirCode() throws Exception {
    Path other = work.resolve("model-small");
    ModelArtifact small = SyntheticArtifacts.write(other, 50, 20, 8, 3);
    // A build that fails (it cannot turn green: 3 replicas on 2 nodes) deletes its index and
    // leaves the alias where it was.
    String before = aliasAndIndices();
    ClusterUnavailableException e =
        assertThrows(ClusterUnavailableException.class, () -> build(small, 2, 3, 2));
    assertTrue(e.getMessage().contains("did not turn green within 2 s"), e.getMessage());
    assertEquals(before, aliasAndIndices());
    // exit code, model, urls, alias, what the one line says
    Object[][] cases = {
      {ExitCode.INDEX, modelA, nodes.urls(), "no-such-alias", "no alias no-such-alias"},
      {
        ExitCode.BACKEND,
        modelA,
        "http://127.0.0.1:1",
        ALIAS,
        "cannot reach OpenSearch at http://127.0.0.1:1"
      },
      {ExitCode.INDEX, modelB, nodes.urls(), ALIAS, "was built from model " + a.modelId()},
      {
        ExitCode.INDEX,
        other,
        nodes.urls(),
        ALIAS,
        "has vectors of dimension " + (a.embeddings().dim() + 1)
      },
    };
    for (Object[] c : cases) {
      CliRun r =
          CliRun.of(
              new ServerCli(),
              "--model",
              c[1].toString(),
              "--backend",
              "opensearch",
              "--opensearch",
              (String) c[2],
              "--index-name",
              (String) c[3],
              "--port",
              "0",
              "--opensearch-timeout-ms",
              "2000");
      assertEquals(((ExitCode) c[0]).code(), r.code(), r.toString());
      assertEquals(1, r.err().strip().lines().count(), r.toString());
      assertTrue(r.err().startsWith("error: ") && r.err().contains((String) c[4]), r.toString());
    }
  }

  @Test
  @Order(2)
  void answersEqualTheLocalBackendsWithFiltersAndSeenMoviesHeld() {
    var os = RecommenderGrpc.newBlockingStub(remote);
    var ex = RecommenderGrpc.newBlockingStub(local);
    MovieFilter filter =
        MovieFilter.newBuilder()
            .addGenres("Comedy")
            .addGenres("Romance")
            .setMinYear(1980)
            .setMaxYear(1998)
            .build();
    long[] users = a.embeddings().userIds();
    RatingLog log = a.ratings();
    int same = 0;
    int sameFiltered = 0;
    int filtered = 0;
    for (int u = 0; u < users.length; u++) {
      RecommendRequest req = RecommendRequest.newBuilder().setUserId(users[u]).setK(K).build();
      List<Long> got = ids(os.withDeadlineAfter(10, TimeUnit.SECONDS).recommend(req));
      List<Long> want = ids(ex.withDeadlineAfter(10, TimeUnit.SECONDS).recommend(req));
      same += got.equals(want) ? 1 : 0;
      assertEquals(K, got.size(), "user " + users[u]);
      Set<Long> seen = new HashSet<>();
      for (int j = (int) log.offsets()[u]; j < log.offsets()[u + 1]; j++) {
        seen.add(a.movies().get(log.movies()[j]).id());
      }
      for (long m : got) {
        assertTrue(!seen.contains(m), "user " + users[u] + " got seen movie " + m);
      }
      if (u % 4 == 0) {
        RecommendRequest f = req.toBuilder().setFilter(filter).build();
        RecommendResponse r = os.withDeadlineAfter(10, TimeUnit.SECONDS).recommend(f);
        for (RecommendedMovie m : r.getItemsList()) {
          assertTrue(
              m.getYear() >= 1980
                  && m.getYear() <= 1998
                  && (m.getGenresList().contains("Comedy")
                      || m.getGenresList().contains("Romance")),
              "user " + users[u] + " got " + m);
          assertTrue(!seen.contains(m.getMovieId()), "user " + users[u] + " got seen " + m);
        }
        sameFiltered +=
            ids(r).equals(ids(ex.withDeadlineAfter(10, TimeUnit.SECONDS).recommend(f))) ? 1 : 0;
        filtered++;
      }
    }
    System.out.printf(
        "opensearch vs local exact: %d of %d users identical at k=%d; filtered: %d of %d%n",
        same, users.length, K, sameFiltered, filtered);
    assertTrue(same >= 0.99 * users.length, same + " of " + users.length + " identical");
    assertTrue(sameFiltered >= 0.99 * filtered, sameFiltered + " of " + filtered + " identical");
  }

  @Test
  @Order(3)
  void anAliasSwapToANewModelUnderLoadFailsNoCall() throws Exception {
    try (Load load = new Load(remote, a.embeddings().userIds())) {
      build(ModelArtifacts.read(modelB), 2);
      // The alias now names model B's index while the server still has model A: that pair is
      // refused and A keeps serving (its index is kept); then model B replaces the model directory.
      copyTree(modelB, served.resolve("model-b.tmp"));
      Files.move(served.resolve("model"), served.resolve("model-a.old"));
      Files.move(served.resolve("model-b.tmp"), served.resolve("model"));
      String b = ModelArtifacts.read(modelB).modelId();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!servedModel().equals(b) && System.nanoTime() < end) {
        Thread.sleep(200);
      }
      assertEquals(b, servedModel(), "the server did not pick up the new alias and model");
      Thread.sleep(1000);
      load.assertNoFailures();
    }
  }

  @Test
  @Order(4)
  void stoppingOneNodeFailsNoCall() throws Exception {
    try (Load load = new Load(remote, a.embeddings().userIds())) {
      Thread.sleep(500);
      int victim = nodes.nonManager();
      nodes.stop(victim);
      Thread.sleep(4000);
      load.assertNoFailures();
      assertEquals(ServingStatus.SERVING, health());
    }
  }

  @Test
  @Order(5)
  void aClusterCutOffGivesUnavailableAndNotServingThenRecoversByItself() throws Exception {
    proxy0.down();
    proxy1.down();
    RecommendRequest req = RecommendRequest.newBuilder().setUserId(1).setK(K).build();
    StatusRuntimeException e = null;
    try {
      RecommenderGrpc.newBlockingStub(remote)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .recommend(req);
    } catch (StatusRuntimeException ex) {
      e = ex;
    }
    assertTrue(e != null, "a call succeeded with the cluster cut off");
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    assertTrue(e.getStatus().getDescription().contains("OpenSearch"), e.toString());
    awaitHealth(ServingStatus.NOT_SERVING);
    proxy0.up();
    proxy1.up();
    awaitHealth(ServingStatus.SERVING);
    assertEquals(
        K,
        RecommenderGrpc.newBlockingStub(remote)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .recommend(req)
            .getItemsCount());
  }

  static void awaitHealth(ServingStatus want) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (health() != want && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    assertEquals(want, health());
  }

  static ServingStatus health() {
    return HealthGrpc.newBlockingStub(remote)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("").build())
        .getStatus();
  }

  static String servedModel() {
    return RecommenderGrpc.newBlockingStub(remote)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .getModelInfo(GetModelInfoRequest.getDefaultInstance())
        .getModelId();
  }

  static List<Long> ids(RecommendResponse r) {
    return r.getItemsList().stream().map(RecommendedMovie::getMovieId).toList();
  }

  static void copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  /** Two threads calling Recommend back to back (5 s deadline) until closed; counts failures. */
  static final class Load implements AutoCloseable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger calls = new AtomicInteger();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final List<Thread> threads = new ArrayList<>();

    Load(ManagedChannel channel, long[] users) {
      for (int t = 0; t < 2; t++) {
        int seed = t;
        Thread th =
            new Thread(
                () -> {
                  var stub = RecommenderGrpc.newBlockingStub(channel);
                  int i = seed;
                  while (running.get()) {
                    long user = users[(i += 7) % users.length];
                    try {
                      stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                          .recommend(RecommendRequest.newBuilder().setUserId(user).setK(K).build());
                    } catch (StatusRuntimeException ex) {
                      failures.add("user " + user + ": " + ex.getStatus());
                    }
                    calls.incrementAndGet();
                  }
                });
        th.start();
        threads.add(th);
      }
    }

    void assertNoFailures() {
      assertTrue(calls.get() > 20, "only " + calls.get() + " calls ran");
      assertEquals(List.of(), List.copyOf(failures), failures.size() + " of " + calls + " failed");
      System.out.println(calls.get() + " calls, none failed");
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(5000);
      }
    }
  }
}
