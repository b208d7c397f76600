package dev.marquee.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Writes one line per call: time, peer, method, status code and server-side latency in
 * microseconds. Installed only with {@code --access-log}, so the default hot path pays nothing.
 */
public final class AccessLogInterceptor implements ServerInterceptor {
  private final Consumer<String> sink;

  public AccessLogInterceptor(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    AtomicBoolean logged = new AtomicBoolean();
    Object peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    String method = call.getMethodDescriptor().getFullMethodName();
    Consumer<Status> log =
        status -> {
          if (logged.compareAndSet(false, true)) {
            sink.accept(
                Instant.now()
                    + " peer="
                    + (peer == null ? "-" : peer)
                    + " method="
                    + method
                    + " status="
                    + status.getCode()
                    + " micros="
                    + (System.nanoTime() - start) / 1000);
          }
        };
    ServerCall<Q, R> logging =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            log.accept(status);
            super.close(status, trailers);
          }
        };
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        next.startCall(logging, headers)) {
      @Override
      public void onCancel() {
        log.accept(Status.CANCELLED);
        super.onCancel();
      }
    };
  }
}
