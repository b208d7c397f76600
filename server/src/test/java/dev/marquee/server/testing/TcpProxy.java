package dev.marquee.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port that a test can cut and restore: while {@link #down()} every
 * open connection is closed and new ones are closed at once, as when a cluster becomes unreachable,
 * without stopping (and later restarting, for minutes) what it stands in front of.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;

  /** Forwards a new loopback port to {@code 127.0.0.1:targetPort}. */
  public TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("tcp-proxy-" + port()).start(this::acceptLoop);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Closes every connection and refuses new ones (accepts and closes them) until {@link #up()}. */
  public void down() {
    up = false;
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** Forwards again. */
  public void up() {
    up = true;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException ex) {
        return; // closed
      }
      if (!up) {
        closeQuietly(client);
        continue;
      }
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket c = client;
                    Socket t = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                  open.add(c);
                  open.add(t);
                  Thread back = Thread.ofVirtual().start(() -> pipe(t, c));
                  pipe(c, t);
                  back.join();
                } catch (IOException | InterruptedException ex) {
                  // the target is down or the pair was cut: the client sees a closed connection
                } finally {
                  open.remove(client);
                }
              });
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[16384];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException ex) {
      // cut
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ex) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    down();
    listener.close();
  }
}
