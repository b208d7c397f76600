package dev.marquee.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JSON API under {@code /api/v1/}: {@code POST /api/v1/<Rpc>} for each unary RPC of {@code
 * marquee.v1.Recommender} (see {@link JsonRpc}), and the read-only views of {@link Browse}:
 *
 * <ul>
 *   <li>{@code GET users/{id}/ratings}: the user's ratings
 *   <li>{@code GET movies?q=words&limit=20}: title search, most popular first
 *   <li>{@code GET movies/{id}}: the movie and its rating histogram
 *   <li>{@code GET model}: training settings and the vocabularies of the page's forms
 *   <li>{@code GET model/history.png}: the training history plot of the model directory
 *   <li>{@code GET map}: the 2-D map of the movie vectors; {@code GET map/users/{id}}: a user's
 *       direction on it
 * </ul>
 *
 * Errors are one-line JSON with the HTTP status of the gRPC code; 404 for an unknown path, 405 for
 * a wrong method.
 */
final class Routes implements HttpHandler {
  static final String PREFIX = "/api/v1/";

  /** Largest request body (a profile of 1000 ratings is about 40 KB). */
  static final int MAX_BODY = 1 << 20;

  private final JsonRpc rpc;
  private final Browse browse;
  private final Path modelDir;

  /**
   * @param modelDir the served model's directory, for its history plot; null: none
   */
  Routes(JsonRpc rpc, Browse browse, Path modelDir) {
    this.rpc = rpc;
    this.browse = browse;
    this.modelDir = modelDir;
  }

  /** Work on one exchange that may throw. */
  interface Work {
    void run() throws IOException;
  }

  /**
   * Runs {@code work}, answering an {@link ApiException} with its status and a failure of ours with
   * a one-line 500 (logged with its stack trace, never sent).
   */
  static void guard(HttpExchange ex, Work work) throws IOException {
    try {
      work.run();
    } catch (ApiException e) {
      Exchanges.error(ex, e);
    } catch (RuntimeException e) {
      System.getLogger(Routes.class.getName())
          .log(System.Logger.Level.ERROR, "HTTP " + ex.getRequestURI() + " failed", e);
      Exchanges.json(ex, 500, Exchanges.error("INTERNAL", "internal error: " + e));
    } finally {
      ex.close();
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    guard(ex, () -> route(ex));
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String rest = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
    if (rpc.has(rest)) {
      Exchanges.allow(ex, "POST");
      String body = Exchanges.body(ex, MAX_BODY);
      Exchanges.json(
          ex, 200, rpc.call(rest, body, ex.getRequestHeaders().getFirst("Authorization")));
      return;
    }
    String[] p = rest.split("/", -1);
    if (p.length == 3 && p[0].equals("users") && p[2].equals("ratings")) {
      Exchanges.allow(ex, "GET");
      Exchanges.json(ex, browse.userRatings(id(p[1], "user_id")));
    } else if (rest.equals("movies")) {
      Exchanges.allow(ex, "GET");
      Map<String, String> q = Exchanges.query(ex);
      Exchanges.json(ex, browse.search(q.getOrDefault("q", ""), limit(q.get("limit"))));
    } else if (p.length == 2 && p[0].equals("movies")) {
      Exchanges.allow(ex, "GET");
      Exchanges.json(ex, browse.movie(id(p[1], "movie_id")));
    } else if (rest.equals("model")) {
      Exchanges.allow(ex, "GET");
      Exchanges.json(ex, browse.model());
    } else if (rest.equals("model/history.png")) {
      Exchanges.allow(ex, "GET");
      Path png = modelDir == null ? null : modelDir.resolve("history.png");
      if (png == null || !Files.isRegularFile(png)) {
        throw ApiException.notFound("the model has no training history plot (history.png)");
      }
      Exchanges.send(ex, 200, "image/png", Files.readAllBytes(png));
    } else if (rest.equals("map")) {
      Exchanges.allow(ex, "GET");
      Exchanges.json(ex, browse.map());
    } else if (p.length == 3 && p[0].equals("map") && p[1].equals("users")) {
      Exchanges.allow(ex, "GET");
      Exchanges.json(ex, browse.userDirection(id(p[2], "user_id")));
    } else {
      throw ApiException.notFound(
          "no such API path: "
              + path
              + " (RPCs: POST "
              + PREFIX
              + "{"
              + String.join(",", rpc.names())
              + "})");
    }
  }

  private static long id(String s, String field) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field + " must be an integer; " + field + "=" + s);
    }
  }

  private static int limit(String s) {
    if (s == null) {
      return 20;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit must be an integer; limit=" + s);
    }
  }
}
