package dev.marquee.client;

import dev.marquee.core.testing.CliRun;
import dev.marquee.server.testing.InProcessGrpc;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fake service on the shared in-process harness ({@link InProcessGrpc}), and the CLI run
 * against it.
 *
 * <p>A JUnit extension: a test class declares {@code @RegisterExtension final Harness h = new
 * Harness();} and gets a fresh server before each test; after each test the harness checks that
 * every channel the CLI opened was shut down, then stops the server.
 */
final class Harness implements BeforeEachCallback, AfterEachCallback {
  final FakeRecommender fake = new FakeRecommender();
  final InProcessGrpc grpc = new InProcessGrpc();

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    grpc.serve(fake);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    grpc.afterEach(context);
  }

  /** The CLI with every channel it opens going to the in-process server. */
  CliRun run(String... args) {
    return CliRun.of(new ClientCli(grpc::open), args);
  }
}
