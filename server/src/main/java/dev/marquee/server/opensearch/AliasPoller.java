package dev.marquee.server.opensearch;

import dev.marquee.server.Reloader;
import dev.marquee.server.ServingStateHolder;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Watches the cluster for the server: every period it resolves the alias and checks the index's
 * health. A failure turns health NOT_SERVING (calls fail UNAVAILABLE with the reason meanwhile);
 * the first success after one turns it SERVING again, so the server recovers by itself. When the
 * alias names another index than the one served, it reloads through the {@link Reloader}, as a
 * changed index directory does locally (an index of another model is refused there and the old pair
 * keeps serving; that target is not retried until the alias moves again).
 */
public final class AliasPoller implements AutoCloseable {
  private final OpenSearchBackend backend;
  private final ServingStateHolder states;
  private final Reloader reloader;
  private final Consumer<Boolean> serving;
  private final Consumer<String> log;
  private final Thread thread;
  private boolean up = true;
  private String refused;

  /**
   * @param serving told true or false when the cluster's reachability changes
   * @param log one line per change
   */
  public AliasPoller(
      OpenSearchBackend backend,
      ServingStateHolder states,
      Reloader reloader,
      Consumer<Boolean> serving,
      Consumer<String> log,
      Duration period) {
    this.backend = backend;
    this.states = states;
    this.reloader = reloader;
    this.serving = serving;
    this.log = log;
    this.thread =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(period.toMillis());
                  poll();
                }
              } catch (InterruptedException ex) {
                // closing
              }
            },
            "marquee-opensearch-poll");
    thread.setDaemon(true);
  }

  public AliasPoller start() {
    thread.start();
    return this;
  }

  /** One check: health, then the alias's target. */
  void poll() {
    String target;
    try {
      target = backend.probe();
    } catch (IOException | RuntimeException ex) {
      if (up) {
        up = false;
        serving.accept(false);
        log.accept("OpenSearch unavailable, health NOT_SERVING: " + Reloader.oneLine(ex));
      }
      return;
    }
    if (!up) {
      up = true;
      log.accept("OpenSearch at " + backend.where() + " answers again, health SERVING");
      serving.accept(states.peek() != null);
    }
    String served = OpenSearchBackend.indexOf(states.peek());
    if (!target.equals(served) && !target.equals(refused)) {
      log.accept("alias " + backend.alias() + " now names " + target + " (serving " + served + ")");
      refused = reloader.reload() ? null : target;
    } else if (target.equals(served)) {
      refused = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(5_000);
  }
}
