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
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Answers a request that does not parse (garbage bytes, a truncated message, invalid UTF-8 in a
 * string field) with INVALID_ARGUMENT and one line in a rate-limited log, for every method of a
 * service.
 *
 * <p>grpc-java parses a request before any interceptor sees it, and a parse failure there becomes
 * UNKNOWN "Application error processing RPC" plus a logged stack trace per call. {@link #guard}
 * moves the parse inside the interceptor chain: the service is re-declared with pass-through
 * (InputStream) marshallers, so the transport hands over the bytes unparsed, and the original
 * marshaller runs in the listener's {@code onMessage}, where this class catches its failure. No
 * bytes are copied: the request stream is parsed where it was, the response stream passed on.
 */
public final class MalformedRequests implements ServerInterceptor {
  private static final MethodDescriptor.Marshaller<InputStream> PASS_THROUGH =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
          return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          return stream; // parsed at once in onMessage, before the transport closes it
        }
      };

  private final Consumer<String> log;

  /**
   * @param log where the one line per malformed request goes (wrap it in a {@link RateLimitedLog})
   */
  public MalformedRequests(Consumer<String> log) {
    this.log = log;
  }

  /** {@code service} with requests parsed under this guard; interceptors go around the result. */
  public ServerServiceDefinition guard(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(
        ServerInterceptors.useMarshalledMessages(service, PASS_THROUGH), this);
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
        try {
          super.onMessage(message);
        } catch (StatusRuntimeException ex) {
          if (!(ex.getCause() instanceof InvalidProtocolBufferException bad)) {
            throw ex;
          }
          refused = true;
          String reason = InvalidRequestException.echo(bad.getMessage());
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
