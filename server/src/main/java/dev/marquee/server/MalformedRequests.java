package dev.marquee.server;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Answers a request that does not parse (garbage bytes, a truncated message, invalid UTF-8 in a
 * string field) with INVALID_ARGUMENT and one line in a rate-limited log, for every method of a
 * service.
 *
 * <p>grpc-java parses a request before any interceptor sees it, and a parse failure there becomes
 * UNKNOWN "Application error processing RPC" plus a logged stack trace per call. {@link #guard}
 * re-declares each method with a request marshaller that does not throw: on a protobuf parse error
 * it notes the reason for this thread and hands on null, and this interceptor, which grpc-java
 * calls on the same thread straight after the parse, turns that null into the INVALID_ARGUMENT
 * answer. The descriptors keep their types and prototypes (the HTTP/JSON gateway reads them), and
 * nothing is copied: the original marshaller parses the transport's stream as before.
 */
public final class MalformedRequests implements ServerInterceptor {
  /** The reason the last parse on this thread failed, until the listener picks it up. */
  private static final ThreadLocal<String> FAILURE = new ThreadLocal<>();

  /** A request marshaller that answers null instead of throwing on malformed protobuf. */
  private record Lenient<T>(MethodDescriptor.PrototypeMarshaller<T> inner)
      implements MethodDescriptor.PrototypeMarshaller<T> {
    @Override
    public InputStream stream(T value) {
      return inner.stream(value);
    }

    @Override
    public T parse(InputStream stream) {
      try {
        return inner.parse(stream);
      } catch (StatusRuntimeException ex) {
        if (!(ex.getCause() instanceof InvalidProtocolBufferException bad)) {
          throw ex;
        }
        FAILURE.set(bad.getMessage());
        return null;
      }
    }

    @Override
    public T getMessagePrototype() {
      return inner.getMessagePrototype();
    }

    @Override
    public Class<T> getMessageClass() {
      return inner.getMessageClass();
    }
  }

  private final Consumer<String> log;

  /**
   * @param log where the one line per malformed request goes (wrap it in a {@link RateLimitedLog})
   */
  public MalformedRequests(Consumer<String> log) {
    this.log = log;
  }

  /** {@code service} with requests parsed under this guard; interceptors go around the result. */
  public ServerServiceDefinition guard(ServerServiceDefinition service) {
    ServiceDescriptor sd = service.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      methods.add(lenient(m));
    }
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(sd.getName()).setSchemaDescriptor(sd.getSchemaDescriptor());
    methods.forEach(m -> descriptor.addMethod(m.getMethodDescriptor()));
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(b::addMethod);
    return ServerInterceptors.intercept(b.build(), this);
  }

  private static <Q, R> ServerMethodDefinition<Q, R> lenient(ServerMethodDefinition<Q, R> m) {
    MethodDescriptor<Q, R> d = m.getMethodDescriptor();
    if (!(d.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> p)) {
      return m; // not protobuf: left as it is
    }
    return ServerMethodDefinition.create(
        d.toBuilder(new Lenient<>(p), d.getResponseMarshaller()).build(), m.getServerCallHandler());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        if (message != null) {
          super.onMessage(message);
          return;
        }
        refused = true;
        String failure = FAILURE.get();
        FAILURE.remove();
        String reason =
            InvalidRequestException.echo(failure == null ? "the message does not parse" : failure);
        log.accept(
            "malformed request to "
                + call.getMethodDescriptor().getFullMethodName()
                + " from "
                + call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
                + ": "
                + reason);
        call.close(
            Status.INVALID_ARGUMENT.withDescription("malformed request: " + reason),
            new Metadata());
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose(); // after a refusal the handler would complain of a missing request
        }
      }
    };
  }
}
