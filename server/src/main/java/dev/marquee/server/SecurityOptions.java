package dev.marquee.server;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/server}'s flags for serving beyond loopback: TLS (optionally mutual), bearer tokens,
 * what is public, and reflection. A non-loopback {@code --host} without TLS is refused unless
 * {@code --insecure-plaintext} says it is meant.
 */
public final class SecurityOptions {
  /** Whether server reflection is registered, and whether it needs a token. */
  public enum Reflection {
    on,
    off,
    authenticated
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Serve TLS with this certificate chain (PEM; with --tls-key).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "The private key of --tls-cert (PKCS#8 PEM).")
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "PEM",
      description = "Mutual TLS: require client certificates signed by these CAs (PEM).")
  Path tlsClientCa;

  @Option(
      names = "--insecure-plaintext",
      description = "Allow plaintext on a non-loopback --host (otherwise refused).")
  boolean insecurePlaintext;

  @Option(
      names = "--auth-tokens",
      paramLabel = "FILE",
      description =
          "Require a bearer token: lines of NAME:SHA256HEX, the hex being `printf %s TOKEN | sha256sum`; re-read on SIGHUP.")
  Path authTokens;

  @Option(
      names = "--public-health",
      description = "With --auth-tokens: answer grpc.health.v1 without a token.")
  boolean publicHealth;

  @Option(
      names = "--reflection",
      paramLabel = "MODE",
      defaultValue = "on",
      description =
          "Server reflection: ${COMPLETION-CANDIDATES} (authenticated: only with a token). Default: ${DEFAULT-VALUE}.")
  Reflection reflection;

  private ParameterException usage(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }

  /**
   * TLS credentials from the PEM files, or plaintext; refuses a plaintext non-loopback {@code host}
   * unless {@code --insecure-plaintext}.
   */
  ServerCredentials credentials(String host) {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw usage(
          "--tls-cert and --tls-key go together; got only "
              + (tlsCert == null ? "--tls-key" : "--tls-cert"));
    }
    if (tlsCert == null) {
      if (tlsClientCa != null) {
        throw usage("--tls-client-ca needs --tls-cert and --tls-key");
      }
      if (!isLoopback(host) && !insecurePlaintext) {
        throw usage(
            "--host "
                + host
                + " is reachable beyond this machine: give --tls-cert and --tls-key, or"
                + " --insecure-plaintext to serve plaintext anyway");
      }
      return InsecureServerCredentials.create();
    }
    try {
      TlsServerCredentials.Builder b =
          TlsServerCredentials.newBuilder().keyManager(tlsCert.toFile(), tlsKey.toFile());
      if (tlsClientCa != null) {
        b.trustManager(tlsClientCa.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
      return b.build();
    } catch (IOException | RuntimeException ex) {
      throw usage(
          "cannot read --tls-cert "
              + tlsCert
              + ", --tls-key "
              + tlsKey
              + (tlsClientCa == null ? "" : " or --tls-client-ca " + tlsClientCa)
              + ": "
              + Reloader.oneLine(ex));
    }
  }

  /**
   * A Netty server builder bound to {@code address} with {@link #credentials}; a certificate or key
   * that is not valid PEM is a usage error naming the files.
   */
  public NettyServerBuilder serverBuilder(InetSocketAddress address) {
    ServerCredentials creds = credentials(address.getHostString());
    try {
      return NettyServerBuilder.forAddress(address, creds);
    } catch (IllegalArgumentException ex) {
      throw usage(
          "cannot use --tls-cert "
              + tlsCert
              + ", --tls-key "
              + tlsKey
              + (tlsClientCa == null ? "" : " or --tls-client-ca " + tlsClientCa)
              + ": "
              + Reloader.oneLine(ex));
    }
  }

  static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException ex) {
      return false;
    }
  }

  /** The token file's tokens, or null without {@code --auth-tokens}. */
  public AuthTokens tokens() {
    if (authTokens == null) {
      if (publicHealth || reflection == Reflection.authenticated) {
        throw usage("--public-health and --reflection authenticated need --auth-tokens");
      }
      return null;
    }
    try {
      return AuthTokens.read(authTokens);
    } catch (IOException ex) {
      throw usage("--auth-tokens: " + Reloader.oneLine(ex));
    }
  }

  /** The authentication interceptor for {@code tokens} (none when null). */
  @SuppressWarnings("deprecation") // v1alpha reflection is served beside v1
  public List<ServerInterceptor> interceptors(AuthTokens tokens) {
    if (tokens == null) {
      return List.of();
    }
    Set<String> open = new HashSet<>();
    if (publicHealth) {
      open.add(HealthGrpc.SERVICE_NAME);
    }
    if (reflection == Reflection.on) {
      open.add(ServerReflectionGrpc.SERVICE_NAME);
      open.add(io.grpc.reflection.v1alpha.ServerReflectionGrpc.SERVICE_NAME);
    }
    return List.of(new TokenAuthInterceptor(tokens, open));
  }

  public boolean reflectionOn() {
    return reflection != Reflection.off;
  }
}
