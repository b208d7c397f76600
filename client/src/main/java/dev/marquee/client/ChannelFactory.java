package dev.marquee.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/**
 * Opens a channel to a target ({@code host:port}). Commands get one from {@link ClientCli} so tests
 * can hand in an in-process channel; whoever calls {@link #open} owns the channel and must {@link
 * #close} it.
 */
@FunctionalInterface
public interface ChannelFactory {

  /** A new plaintext channel to {@code target}; the caller shuts it down. */
  ManagedChannel open(String target);

  /**
   * A new channel to {@code target} with these credentials (TLS or plaintext). A factory with no
   * transport security of its own (the in-process one of tests) ignores them.
   */
  default ManagedChannel open(String target, ChannelCredentials credentials) {
    return open(target);
  }

  /** HTTP/2 (Netty) to {@code host:port} or any gRPC target URI; the default. */
  static ChannelFactory netty() {
    GrpcLogs.quiet();
    return new ChannelFactory() {
      @Override
      public ManagedChannel open(String target) {
        return open(target, InsecureChannelCredentials.create());
      }

      @Override
      public ManagedChannel open(String target, ChannelCredentials credentials) {
        return Grpc.newChannelBuilder(target, credentials).userAgent("marquee-client").build();
      }
    };
  }

  /** Shuts {@code channel} down: graceful first, then forced after a short wait. */
  static void close(ManagedChannel channel) {
    if (channel == null) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
