package dev.marquee.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics (Prometheus Java client 1.x, its own registry): every call by
 * method and status code, latency histograms, calls in flight, model loads (start and reloads) by
 * result, the served model and its index parameters as an info metric, the retrieval path (graph or
 * exact) and the candidates visited, and the JVM's own metrics. Installed as the outermost
 * interceptor, so refused calls (UNAUTHENTICATED, RESOURCE_EXHAUSTED, malformed) are counted too.
 */
public final class ServerMetrics implements ServerInterceptor, RetrievalObserver {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter calls;
  private final Histogram latency;
  private final Gauge inFlight;
  private final Counter loads;
  private final Counter retrievals;
  private final Histogram visited;
  // The per-search data points, looked up once (a search is on every call's path).
  private final CounterDataPoint graphSearches;
  private final CounterDataPoint exactSearches;
  private final DistributionDataPoint graphVisited;
  private final DistributionDataPoint exactVisited;

  /**
   * @param served the state being served now (null while none), read at each scrape for the info
   *     metric
   */
  public ServerMetrics(Supplier<ServingState> served) {
    calls =
        Counter.builder()
            .name("marquee_grpc_calls")
            .help("gRPC calls finished, by method and status code")
            .labelNames("method", "code")
            .register(registry);
    latency =
        Histogram.builder()
            .name("marquee_grpc_call_duration_seconds")
            .help("Server-side gRPC call latency, from call start to close, by method")
            .labelNames("method")
            .classicOnly()
            .classicUpperBounds(
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                2.5, 5, 10)
            .withoutExemplars()
            .register(registry);
    inFlight =
        Gauge.builder()
            .name("marquee_grpc_calls_in_flight")
            .help("gRPC calls started and not yet finished")
            .register(registry);
    loads =
        Counter.builder()
            .name("marquee_model_loads")
            .help(
                "Model + index loads (the first one and every reload), by result: ok, or refused"
                    + " (the old pair kept serving)")
            .labelNames("result")
            .register(registry);
    retrievals =
        Counter.builder()
            .name("marquee_retrievals")
            .help("First-stage searches by path: graph (HNSW) or exact (a scan)")
            .labelNames("path")
            .register(registry);
    visited =
        Histogram.builder()
            .name("marquee_retrieval_candidates_visited")
            .help("Movies (graph nodes or scanned rows) a first-stage search scored")
            .labelNames("path")
            .classicOnly()
            .classicExponentialUpperBounds(10, 4, 10)
            .withoutExemplars()
            .register(registry);
    graphSearches = retrievals.labelValues("graph");
    exactSearches = retrievals.labelValues("exact");
    graphVisited = visited.labelValues("graph");
    exactVisited = visited.labelValues("exact");
    registry.register(() -> modelInfo(served.get()));
    JvmMetrics.builder().register(registry);
  }

  private static InfoSnapshot modelInfo(ServingState s) {
    InfoSnapshot.Builder b =
        InfoSnapshot.builder()
            .name("marquee_model")
            .help("The served model's id and its index and retrieval parameters");
    if (s != null) {
      List<String> names = new ArrayList<>(List.of("model_id"));
      List<String> values = new ArrayList<>(List.of(s.modelId()));
      for (Map.Entry<String, String> e : s.indexParams().entrySet()) {
        names.add(e.getKey());
        values.add(e.getValue());
      }
      b.dataPoint(
          InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of(names, values)).build());
    }
    return b.build();
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Serves {@code /metrics} on {@code host:port} until the returned server is closed. */
  public HTTPServer serve(String host, int port) throws IOException {
    return HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
  }

  /** {@code loader}, counting each load by result. */
  public Callable<ServingState> countingLoads(Callable<ServingState> loader) {
    return () -> {
      try {
        ServingState s = loader.call();
        loads.labelValues("ok").inc();
        return s;
      } catch (Exception | Error ex) {
        loads.labelValues("refused").inc();
        throw ex;
      }
    };
  }

  @Override
  public void searched(boolean graph, long scored) {
    (graph ? graphSearches : exactSearches).inc();
    (graph ? graphVisited : exactVisited).observe(scored);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    String method = call.getMethodDescriptor().getFullMethodName();
    DistributionDataPoint times = latency.labelValues(method);
    AtomicBoolean done = new AtomicBoolean();
    inFlight.inc();
    java.util.function.Consumer<Status.Code> record =
        code -> {
          if (done.compareAndSet(false, true)) {
            inFlight.dec();
            calls.labelValues(method, code.name()).inc();
            times.observe((System.nanoTime() - start) / 1e9);
          }
        };
    ServerCall<Q, R> recording =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            record.accept(status.getCode());
            super.close(status, trailers);
          }
        };
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(recording, headers);
    } catch (RuntimeException ex) {
      record.accept(Status.Code.UNKNOWN);
      throw ex;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        record.accept(Status.Code.CANCELLED);
        super.onCancel();
      }
    };
  }
}
