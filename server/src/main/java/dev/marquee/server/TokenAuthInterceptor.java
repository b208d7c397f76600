package dev.marquee.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;

/**
 * Bearer-token authentication for every method: a call must carry {@code authorization: Bearer
 * TOKEN} with a token of {@link AuthTokens}, else it is answered UNAUTHENTICATED before it runs.
 * Services named in {@code publicServices} (health with {@code --public-health}, reflection with
 * {@code --reflection on}) are answered without a token.
 */
public final class TokenAuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final AuthTokens tokens;
  private final Set<String> publicServices;

  public TokenAuthInterceptor(AuthTokens tokens, Set<String> publicServices) {
    this.tokens = tokens;
    this.publicServices = Set.copyOf(publicServices);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (publicServices.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String header = headers.get(AUTHORIZATION);
    String refusal;
    if (header == null) {
      refusal = "missing bearer token (authorization: Bearer TOKEN)";
    } else if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      refusal = "authorization header is not a bearer token";
    } else if (tokens.authenticate(header.substring(BEARER.length()).strip()) == null) {
      refusal = "unknown or revoked token";
    } else {
      return next.startCall(call, headers);
    }
    call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
