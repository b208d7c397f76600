package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.AtomicDirectory;
import dev.marquee.core.ModelArtifact;
import dev.marquee.indexer.IndexBuilder;
import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendResponse;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.server.testing.InProcessGrpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload under concurrent calls: no call lost, no answer mixing two models, bad pairs refused.
 */
class ReloadTest {
  @TempDir static Path tmp;
  static ModelArtifact a;
  static ModelArtifact b;
  static final int USERS = 40;

  /** model id -> user -> expected movie ids. */
  static final Map<String, Map<Long, List<Long>>> expected = new HashMap<>();

  @BeforeAll
  static void build() throws Exception {
    a = Fixtures.write(tmp.resolve("a/model"), Fixtures.ml100kShape(21, true));
    b = Fixtures.write(tmp.resolve("b/model"), Fixtures.ml100kShape(22, true));
    IndexBuilder.build(a, tmp.resolve("a/index"), IndexBuilder.Options.defaults().withThreads(1));
    IndexBuilder.build(b, tmp.resolve("b/index"), IndexBuilder.Options.defaults().withThreads(1));
    Recommender r = new Recommender(new FoldIn(1));
    for (String which : List.of("a", "b")) {
      ServingState s =
          new PairLoader(tmp.resolve(which + "/model"), null, RetrievalOptions.EXACT).call();
      Map<Long, List<Long>> m = new HashMap<>();
      for (long u = 1; u <= USERS; u++) {
        m.put(
            u,
            r.recommend(s, u, 10, false, MovieFilterSpec.NONE).items().stream()
                .map(i -> s.catalogue().movie(i.movie()).id())
                .toList());
      }
      expected.put(s.modelId(), m);
      s.close();
    }
  }

  /** Replaces {@code target} with a copy of {@code source} the way writers do. */
  static void install(Path source, Path target) throws IOException {
    try (AtomicDirectory out = AtomicDirectory.create(target);
        Stream<Path> files = Files.list(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, out.dir().resolve(f.getFileName()));
      }
      out.publish();
    }
  }

  @Test
  void reloadUnderConcurrentCallsLosesNothingAndNeverMixes() throws Exception {
    Path serve = tmp.resolve("serve1");
    install(tmp.resolve("a/model"), serve.resolve("model"));
    install(tmp.resolve("a/index"), serve.resolve("index"));
    List<ServingState> created = new CopyOnWriteArrayList<>();
    PairLoader pairs =
        new PairLoader(serve.resolve("model"), serve.resolve("index"), RetrievalOptions.HNSW);
    ServingStateHolder holder = new ServingStateHolder(pairs.call());
    created.add(holder.peek());
    List<String> log = new CopyOnWriteArrayList<>();
    Reloader reloader =
        new Reloader(
            () -> {
              ServingState s = pairs.call();
              created.add(s);
              return s;
            },
            holder,
            log::add);

    InProcessGrpc grpc = new InProcessGrpc();
    ExecutorService executor = Executors.newFixedThreadPool(4);
    MarqueeServer server =
        new MarqueeServer(
                grpc.serverBuilder(executor), holder, new Recommender(new FoldIn(1)), List.of())
            .start();
    ManagedChannel channel = grpc.threadedChannel();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger ok = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> perModel = new ConcurrentHashMap<>();
    Thread[] clients = new Thread[4];
    for (int t = 0; t < clients.length; t++) {
      int seed = t;
      clients[t] =
          new Thread(
              () -> {
                var stub = RecommenderGrpc.newBlockingStub(channel);
                long user = 1 + seed;
                while (!stop.get()) {
                  try {
                    RecommendResponse r =
                        stub.withDeadlineAfter(20, TimeUnit.SECONDS)
                            .recommend(
                                RecommendRequest.newBuilder().setUserId(user).setK(10).build());
                    List<Long> got =
                        r.getItemsList().stream().map(RecommendedMovie::getMovieId).toList();
                    assertEquals(
                        expected.get(r.getModelId()).get(user),
                        got,
                        "user " + user + " model " + r.getModelId());
                    perModel
                        .computeIfAbsent(r.getModelId(), x -> new AtomicInteger())
                        .incrementAndGet();
                    ok.incrementAndGet();
                  } catch (Throwable ex) {
                    failures.add(ex);
                  }
                  user = user % USERS + 1;
                }
              });
      clients[t].start();
    }
    try {
      for (int round = 0; round < 3; round++) {
        for (String which : List.of("b", "a")) {
          Thread.sleep(150);
          install(tmp.resolve(which + "/model"), serve.resolve("model"));
          install(tmp.resolve(which + "/index"), serve.resolve("index"));
          assertTrue(reloader.reload(), log.toString());
          assertEquals(which.equals("a") ? a.modelId() : b.modelId(), holder.peek().modelId());
        }
      }
      // A bad pair (model b with index a) is refused; a keeps serving.
      install(tmp.resolve("b/model"), serve.resolve("model"));
      assertFalse(reloader.reload());
      assertEquals(a.modelId(), holder.peek().modelId());
      assertTrue(
          log.get(log.size() - 1).contains("reload refused, still serving model " + a.modelId()),
          log.toString());
      Thread.sleep(150);
    } finally {
      stop.set(true);
      for (Thread t : clients) {
        t.join();
      }
      grpc.close();
      server.stop(Duration.ofSeconds(5));
      executor.shutdown();
    }
    assertTrue(
        failures.isEmpty(),
        failures.size() + " failed calls, first: " + (failures.isEmpty() ? "" : failures.get(0)));
    assertTrue(ok.get() > 100, "calls: " + ok.get());
    assertTrue(
        perModel.keySet().containsAll(List.of(a.modelId(), b.modelId())), perModel.toString());
    // Every swapped-out pair was closed once its calls finished; only the current one is open.
    assertEquals(7, created.size());
    for (ServingState s : created) {
      assertEquals(s != holder.peek(), s.isClosed(), s.toString());
    }
    holder.close();
    assertTrue(created.get(created.size() - 1).isClosed());
  }

  @Test
  void watchReloadsWhenDirectoriesAreReplaced() throws Exception {
    Path serve = tmp.resolve("serve2");
    install(tmp.resolve("a/model"), serve.resolve("model"));
    install(tmp.resolve("a/index"), serve.resolve("index"));
    PairLoader pairs =
        new PairLoader(serve.resolve("model"), serve.resolve("index"), RetrievalOptions.HNSW);
    ServingStateHolder holder = new ServingStateHolder(pairs.call());
    List<String> log = new CopyOnWriteArrayList<>();
    InProcessGrpc grpc = new InProcessGrpc();
    MarqueeServer server =
        new MarqueeServer(grpc.serverBuilder(), holder, new Recommender(new FoldIn(1)), List.of())
            .start();
    try (Reloader reloader = new Reloader(pairs, holder, log::add)) {
      reloader.watch(
          List.of(serve.resolve("model"), serve.resolve("index")), Duration.ofMillis(300));
      var stub = RecommenderGrpc.newBlockingStub(grpc.channel());
      assertEquals(
          a.modelId(), stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()).getModelId());
      install(tmp.resolve("b/model"), serve.resolve("model"));
      install(tmp.resolve("b/index"), serve.resolve("index"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!stub.getModelInfo(GetModelInfoRequest.getDefaultInstance())
          .getModelId()
          .equals(b.modelId())) {
        assertTrue(System.nanoTime() < deadline, "no reload within 20 s; log: " + log);
        Thread.sleep(50);
      }
    } finally {
      grpc.close();
      server.stop(Duration.ofSeconds(1));
      holder.close();
    }
  }

  @Test
  void corruptIndexIsRefusedOnReloadAndTheOldPairKeepsServing() throws Exception {
    Path serve = tmp.resolve("serve3");
    install(tmp.resolve("a/model"), serve.resolve("model"));
    install(tmp.resolve("a/index"), serve.resolve("index"));
    PairLoader pairs =
        new PairLoader(serve.resolve("model"), serve.resolve("index"), RetrievalOptions.HNSW);
    ServingStateHolder holder = new ServingStateHolder(pairs.call());
    List<String> log = new CopyOnWriteArrayList<>();
    try (Reloader reloader = new Reloader(pairs, holder, log::add)) {
      String vec = Fixtures.corruptIndexCopy(tmp.resolve("a/index"), tmp.resolve("corrupt-a"));
      install(tmp.resolve("corrupt-a"), serve.resolve("index"));
      assertFalse(reloader.reload());
      assertEquals(1, log.size(), log.toString());
      assertTrue(
          log.get(0)
              .startsWith(
                  "reload refused, still serving model "
                      + a.modelId()
                      + ": corrupt index "
                      + serve.resolve("index")
                      + ": "
                      + vec
                      + " fails its checksum"),
          log.get(0));
      assertEquals(a.modelId(), holder.peek().modelId());
      assertFalse(holder.peek().isClosed());
    } finally {
      holder.close();
    }
  }
}
