package dev.marquee.server;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hot reload: loads a new model + index pair beside the one being served, and only when it loads
 * and checks out swaps it in atomically ({@link ServingStateHolder#swap}); calls in flight finish
 * on the old pair. A bad pair is refused and logged while the old one keeps serving.
 *
 * <p>Triggered by {@link #reload()} (SIGHUP calls it) or by {@link #watch}: a thread watching the
 * directories (and their parents, since writers replace a directory by renaming a finished temp one
 * into place) that reloads once changes have been quiet for a debounce period.
 */
public final class Reloader implements AutoCloseable {
  private final Callable<ServingState> loader;
  private final ServingStateHolder holder;
  private final Consumer<String> log;
  private volatile WatchService watcher;
  private Thread thread;

  public Reloader(Callable<ServingState> loader, ServingStateHolder holder, Consumer<String> log) {
    this.loader = loader;
    this.holder = holder;
    this.log = log;
  }

  /**
   * Loads the pair now and swaps it in if it is good. One reload at a time.
   *
   * @return true when the new pair is now served
   */
  public synchronized boolean reload() {
    long t0 = System.nanoTime();
    ServingState next;
    try {
      next = loader.call();
    } catch (Exception | OutOfMemoryError ex) {
      ServingState cur = holder.peek();
      log.accept(
          "reload refused, still serving model "
              + (cur == null ? "(none)" : cur.modelId())
              + ": "
              + oneLine(ex));
      return false;
    }
    ServingState old = holder.peek();
    holder.swap(next);
    log.accept(
        "reloaded: now serving model "
            + next.modelId()
            + " (was "
            + (old == null ? "(none)" : old.modelId())
            + ") in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms");
    return true;
  }

  /** Watches {@code dirs} and reloads after {@code debounce} of quiet following a change. */
  public synchronized void watch(List<Path> dirs, Duration debounce) throws IOException {
    if (thread != null) {
      throw new IllegalStateException("already watching");
    }
    WatchService ws = FileSystems.getDefault().newWatchService();
    Set<Path> names = new HashSet<>();
    Set<Path> parents = new HashSet<>();
    for (Path d : dirs) {
      Path abs = d.toAbsolutePath().normalize();
      names.add(abs.getFileName());
      parents.add(abs.getParent());
    }
    for (Path p : parents) {
      p.register(ws, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    }
    List<Path> absDirs = dirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
    registerDirs(ws, absDirs);
    watcher = ws;
    thread = new Thread(() -> loop(ws, names, absDirs, debounce), "marquee-reload-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private static void registerDirs(WatchService ws, List<Path> dirs) {
    for (Path d : dirs) {
      try {
        if (Files.isDirectory(d)) {
          d.register(ws, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
        }
      } catch (IOException ignored) {
        // replaced while we looked; the parent's events bring us back
      }
    }
  }

  private void loop(WatchService ws, Set<Path> names, List<Path> dirs, Duration debounce) {
    try {
      while (true) {
        WatchKey key = ws.take();
        boolean relevant = drain(key, names, dirs);
        // Debounce: keep draining until nothing relevant has happened for the quiet period.
        while (true) {
          WatchKey more = ws.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
          if (more == null) {
            break;
          }
          relevant |= drain(more, names, dirs);
        }
        if (relevant) {
          registerDirs(ws, dirs);
          reload();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException ex) {
      // closing
    }
  }

  private static boolean drain(WatchKey key, Set<Path> names, List<Path> dirs) {
    boolean relevant = false;
    Path watched = (Path) key.watchable();
    for (var ev : key.pollEvents()) {
      Object ctx = ev.context();
      if (dirs.contains(watched)) {
        relevant = true; // something changed inside a watched directory
      } else if (ctx instanceof Path p && names.contains(p)) {
        relevant = true; // a watched directory was created, replaced or removed
      }
    }
    key.reset();
    return relevant;
  }

  /**
   * Makes SIGHUP call {@link #reload()} on a fresh thread (POSIX only; ignored where unsupported).
   */
  public void reloadOnSighup() {
    reloadOnSighup(() -> {});
  }

  /**
   * As {@link #reloadOnSighup()}, running {@code alsoFirst} (e.g. re-reading the token file) before
   * each reload: one signal handler, since a second registration would replace the first.
   */
  public void reloadOnSighup(Runnable alsoFirst) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("HUP"),
          sig -> {
            Runnable both =
                () -> {
                  alsoFirst.run();
                  reload();
                };
            Thread t = new Thread(both, "marquee-reload-sighup");
            t.setDaemon(true);
            t.start();
          });
    } catch (IllegalArgumentException ex) {
      log.accept("SIGHUP reload unavailable: " + ex.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    WatchService ws = watcher;
    if (ws != null) {
      ws.close();
    }
  }

  /** The first line of an exception's message (its type when it has none), for one-line logs. */
  public static String oneLine(Throwable ex) {
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      m = ex.toString();
    }
    return m.lines().findFirst().orElse(m);
  }
}
