package dev.marquee.server.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Any unary method of a gRPC service called with a JSON body: the body is parsed as the request
 * message in protobuf's canonical JSON mapping, the call goes through {@code channel} (in-process,
 * to the same service definition the gRPC port serves, interceptors included), and the answer is
 * printed in the same mapping. Every method of the service is reachable by its simple name without
 * code per method, so an RPC added to the proto is on the HTTP API at once.
 */
final class JsonRpc {
  /** The header forwarded to gRPC metadata, so that a token check sees HTTP callers too. */
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Channel channel;
  private final Duration deadline;
  private final Map<String, MethodDescriptor<Message, Message>> methods = new TreeMap<>();
  private final JsonFormat.Parser parser = JsonFormat.parser();

  // Fields at their default value are printed too, so a page need not know proto3's defaults;
  // both forms are canonical (the printer option the mapping's specification allows).
  private final JsonFormat.Printer printer =
      JsonFormat.printer().includingDefaultValueFields().omittingInsignificantWhitespace();

  /**
   * @param service the service whose unary methods are served (by simple name, e.g. "Recommend")
   * @param channel a channel to a server serving {@code service}
   * @param deadline the deadline of each call
   */
  @SuppressWarnings("unchecked") // the proto marshallers of generated services marshal Messages
  JsonRpc(ServerServiceDefinition service, Channel channel, Duration deadline) {
    this.channel = channel;
    this.deadline = deadline;
    for (var m : service.getMethods()) {
      MethodDescriptor<?, ?> d = m.getMethodDescriptor();
      if (d.getType() == MethodDescriptor.MethodType.UNARY
          && d.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?>) {
        methods.put(d.getBareMethodName(), (MethodDescriptor<Message, Message>) d);
      }
    }
  }

  /** True when {@code name} is a unary method of the service. */
  boolean has(String name) {
    return methods.containsKey(name);
  }

  /** The method names, sorted. */
  Iterable<String> names() {
    return methods.keySet();
  }

  /**
   * Calls method {@code name} with a JSON request and returns the JSON answer.
   *
   * @param authorization the HTTP Authorization header, forwarded as gRPC metadata; may be null
   * @throws ApiException 400 for a body that is not the request message in JSON, else the call's
   *     gRPC status mapped to HTTP with the server's message
   */
  String call(String name, String json, String authorization) {
    MethodDescriptor<Message, Message> method = methods.get(name);
    var prototype = (MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller();
    Message.Builder request = ((Message) prototype.getMessagePrototype()).newBuilderForType();
    try {
      parser.merge(json.isBlank() ? "{}" : json, request);
    } catch (InvalidProtocolBufferException | RuntimeException ex) {
      throw ApiException.badRequest(
          "body is not a "
              + request.getDescriptorForType().getFullName()
              + " in JSON: "
              + oneLine(ex));
    }
    Channel ch = channel;
    if (authorization != null) {
      Metadata md = new Metadata();
      md.put(AUTHORIZATION, authorization);
      ch = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md));
    }
    Message answer;
    try {
      answer =
          ClientCalls.blockingUnaryCall(
              ch,
              method,
              CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS),
              request.build());
    } catch (StatusRuntimeException ex) {
      Status s = ex.getStatus();
      throw new ApiException(
          httpStatus(s.getCode()),
          s.getCode().name(),
          s.getDescription() == null ? s.getCode().name() : s.getDescription());
    }
    try {
      return printer.print(answer);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("cannot print " + name + "'s answer as JSON", ex);
    }
  }

  /** The usual HTTP status of a gRPC status code (as grpc-gateway maps them). */
  static int httpStatus(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case RESOURCE_EXHAUSTED -> 429;
      case CANCELLED -> 499;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
      default -> 500;
    };
  }

  /** The parser's message on one line, without the names of the exceptions it wraps. */
  private static String oneLine(Throwable ex) {
    String m = ex.getMessage() == null ? "malformed JSON" : ex.getMessage();
    return m.replaceAll("\\b(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ", "")
        .replaceAll("\\s+", " ")
        .trim();
  }
}
