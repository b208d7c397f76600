package dev.marquee.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Reading requests and writing answers of the JDK's HTTP server, the same way for every route. */
final class Exchanges {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Bodies above this are compressed when the client accepts gzip (the map is megabytes). */
  private static final int GZIP_ABOVE = 4096;

  private Exchanges() {}

  /** The request body as UTF-8, refusing more than {@code limit} bytes with 413. */
  static String body(HttpExchange ex, int limit) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(limit + 1);
      if (b.length > limit) {
        throw new ApiException(
            413, "RESOURCE_EXHAUSTED", "request body must be at most " + limit + " bytes");
      }
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  /** The query parameters (the last value of a repeated name wins). */
  static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  static void json(HttpExchange ex, int status, String json) throws IOException {
    send(ex, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
  }

  static void json(HttpExchange ex, Object value) throws IOException {
    send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
  }

  /** The one-line JSON error body. */
  static String error(String code, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.putObject("error").put("code", code).put("message", message);
    return e.toString();
  }

  static void error(HttpExchange ex, ApiException e) throws IOException {
    json(ex, e.status(), error(e.code(), e.getMessage()));
  }

  /** Sends a body, gzip-compressed when it is large and the client accepts it. */
  static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    var h = ex.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("Cache-Control", "no-cache");
    h.set("X-Content-Type-Options", "nosniff");
    // Nothing from outside: scripts, styles, images and calls only from this server.
    h.set(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'");
    String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
    if (body.length > GZIP_ABOVE && accept != null && accept.contains("gzip")) {
      ByteArrayOutputStream z = new ByteArrayOutputStream(body.length / 4);
      try (GZIPOutputStream gz = new GZIPOutputStream(z)) {
        gz.write(body);
      }
      body = z.toByteArray();
      h.set("Content-Encoding", "gzip");
    }
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  /** 405 unless the request's method is one of {@code allowed}. */
  static void allow(HttpExchange ex, String... allowed) {
    for (String m : allowed) {
      if (m.equals(ex.getRequestMethod())) {
        return;
      }
    }
    ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
    throw new ApiException(
        405,
        "METHOD_NOT_ALLOWED",
        ex.getRequestURI().getPath()
            + " takes "
            + String.join(" or ", allowed)
            + "; method="
            + ex.getRequestMethod());
  }
}
