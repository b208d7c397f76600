package dev.marquee.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The page: files under {@code web/} on the class path (in the server's jar), served as they are.
 * {@code /} is {@code index.html}; nothing outside {@code web/} is reachable.
 */
final class StaticFiles implements HttpHandler {
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  @Override
  public void handle(HttpExchange ex) throws IOException {
    Routes.guard(
        ex,
        () -> {
          Exchanges.allow(ex, "GET", "HEAD");
          String path = ex.getRequestURI().getPath();
          if (path.equals("/")) {
            path = "/index.html";
          }
          int dot = path.lastIndexOf('.');
          String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1));
          if (type == null || path.contains("..") || path.contains("//")) {
            throw ApiException.notFound("no such page: " + ex.getRequestURI().getPath());
          }
          try (InputStream in = StaticFiles.class.getResourceAsStream("/web" + path)) {
            if (in == null) {
              throw ApiException.notFound("no such page: " + path);
            }
            Exchanges.send(ex, 200, type, in.readAllBytes());
          }
        });
  }
}
