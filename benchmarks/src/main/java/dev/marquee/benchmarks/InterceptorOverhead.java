package dev.marquee.benchmarks;

import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.server.AuthTokens;
import dev.marquee.server.ConcurrencyLimitInterceptor;
import dev.marquee.server.FoldIn;
import dev.marquee.server.MarqueeServer;
import dev.marquee.server.PairLoader;
import dev.marquee.server.Recommender;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.ServerMetrics;
import dev.marquee.server.ServingStateHolder;
import dev.marquee.server.TokenAuthInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What the serving options of #12 cost per call, in process (no network, one thread, so the
 * difference is CPU spent in the interceptors): Recommend k=10 and GetModelInfo against a server
 * with no interceptors and one with metrics, token authentication and a concurrency limit, in
 * alternating rounds. Both parse requests under the malformed-request guard, which is always on.
 *
 * <pre>
 * benchmarks/run.sh InterceptorOverhead MODEL_DIR INDEX_DIR [ROUNDS=5] [CALLS=20000]
 * </pre>
 */
public final class InterceptorOverhead {
  private InterceptorOverhead() {}

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  static void run(String[] args, PrintStream out) throws Exception {
    Path model = Path.of(args[0]);
    Path index = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int calls = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
    RetrievalOptions options = new RetrievalOptions(false, 4, 100, 20_000);
    ServingStateHolder plainStates =
        new ServingStateHolder(new PairLoader(model, index, options).call());
    ServingStateHolder hardStates = new ServingStateHolder();
    ServerMetrics metrics = new ServerMetrics(hardStates::peek);
    hardStates.swap(new PairLoader(model, index, options.withObserver(metrics)).call());
    Path tokenFile = Files.createTempFile("marquee-tokens", ".txt");
    String token = "benchmark-token";
    Files.writeString(
        tokenFile,
        "bench:"
            + HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            + "\n");
    List<ServerInterceptor> hardened =
        List.of(
            metrics,
            new TokenAuthInterceptor(AuthTokens.read(tokenFile), Set.of()),
            new ConcurrencyLimitInterceptor(64, Set.of(HealthGrpc.SERVICE_NAME)));
    Recommender r = new Recommender(new FoldIn(1));
    MarqueeServer plain =
        new MarqueeServer(
                InProcessServerBuilder.forName("plain").directExecutor(), plainStates, r, List.of())
            .start();
    MarqueeServer hard =
        new MarqueeServer(
                InProcessServerBuilder.forName("hardened").directExecutor(),
                hardStates,
                r,
                hardened)
            .start();
    ManagedChannel plainChannel = InProcessChannelBuilder.forName("plain").directExecutor().build();
    ManagedChannel hardChannel =
        InProcessChannelBuilder.forName("hardened").directExecutor().build();
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    var plainStub = RecommenderGrpc.newBlockingStub(plainChannel);
    var hardStub =
        RecommenderGrpc.newBlockingStub(hardChannel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
    long[] users = plainStates.peek().embeddings().userIds();
    try {
      for (int round = 0; round <= rounds; round++) { // round 0 warms up
        for (var stub : List.of(plainStub, hardStub)) {
          String name = stub == plainStub ? "plain" : "hardened";
          long t0 = System.nanoTime();
          for (int i = 0; i < calls; i++) {
            stub.recommend(
                RecommendRequest.newBuilder().setUserId(users[i % users.length]).setK(10).build());
          }
          long t1 = System.nanoTime();
          for (int i = 0; i < calls; i++) {
            stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
          }
          long t2 = System.nanoTime();
          if (round > 0) {
            out.printf(
                "round %d %-8s Recommend %6.1f us/call  GetModelInfo %6.1f us/call%n",
                round, name, (t1 - t0) / 1e3 / calls, (t2 - t1) / 1e3 / calls);
          }
        }
      }
    } finally {
      plainChannel.shutdownNow();
      hardChannel.shutdownNow();
      plain.stop(Duration.ZERO);
      hard.stop(Duration.ZERO);
      plainStates.close();
      hardStates.close();
      Files.delete(tokenFile);
    }
  }
}
