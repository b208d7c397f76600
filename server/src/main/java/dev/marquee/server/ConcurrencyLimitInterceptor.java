package dev.marquee.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --max-concurrent-calls}: at most {@code max} calls run at once; one more is answered
 * RESOURCE_EXHAUSTED at once, so a client can tell overload from slowness and back off. Services in
 * {@code exempt} (health) are never refused, so probes still read SERVING under load.
 */
public final class ConcurrencyLimitInterceptor implements ServerInterceptor {
  private final int max;
  private final Semaphore permits;
  private final Set<String> exempt;

  public ConcurrencyLimitInterceptor(int max, Set<String> exempt) {
    if (max < 1) {
      throw new IllegalArgumentException("max concurrent calls must be >= 1; max=" + max);
    }
    this.max = max;
    this.permits = new Semaphore(max);
    this.exempt = Set.copyOf(exempt);
  }

  /** Calls running now (for tests and metrics). */
  public int inFlight() {
    return max - permits.availablePermits();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (exempt.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    if (!permits.tryAcquire()) {
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "server busy: " + max + " calls in flight (--max-concurrent-calls); retry later"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            permits.release();
          }
        };
    ServerCall<Q, R> releasing =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            release.run();
            super.close(status, trailers);
          }
        };
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(releasing, headers);
    } catch (RuntimeException ex) {
      release.run();
      throw ex;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        release.run();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        release.run();
        super.onComplete();
      }
    };
  }
}
