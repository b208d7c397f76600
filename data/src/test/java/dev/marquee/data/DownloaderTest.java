package dev.marquee.data;

import static dev.marquee.core.testing.Directories.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a local HTTP server serving a zip built in memory. */
class DownloaderTest {
  @TempDir Path tmp;
  HttpServer server;
  HttpClient client;
  byte[] zip;
  String sha;

  @BeforeEach
  void start() throws Exception {
    zip = zipOf("ml-100k/", "ml-100k/u.data", "1\t1\t5\t100\n", "ml-100k/README", "tiny\n");
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().equals("/ml/ml-100k.zip")) {
            exchange.sendResponseHeaders(200, zip.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(zip);
            }
          } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
          }
        });
    server.start();
    client = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    client.close();
  }

  static byte[] zipOf(String... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (int i = 0; i < entries.length; i++) {
        z.putNextEntry(new ZipEntry(entries[i]));
        if (!entries[i].endsWith("/")) {
          z.write(entries[++i].getBytes(StandardCharsets.UTF_8));
        }
        z.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  URI base(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void downloadsVerifiesAndUnpacks() throws IOException {
    Path dir = tmp.resolve("datasets");
    MovieLensDownloader d = new MovieLensDownloader(client, base("/ml/"), null);
    Path out = d.download(MovieLensDownloader.Known.ML_100K, dir, sha);
    assertEquals(dir.resolve("ml-100k"), out);
    assertEquals("1\t1\t5\t100\n", Files.readString(out.resolve("u.data")));
    assertEquals(List.of(".ml-100k.lock", "ml-100k"), names(dir)); // no temp files left
    assertEquals(List.of("README", "u.data"), names(out));
    // A second call finds it and fetches nothing (the server would serve the same anyway).
    server.stop(0);
    assertEquals(out, d.download(MovieLensDownloader.Known.ML_100K, dir, sha));
  }

  @Test
  void aFlatZipUnpacksIntoTheDatasetDirectory() throws Exception {
    zip = zipOf("u.data", "1\t1\t5\t100\n", "u.item", "1|Toy Story\n");
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
    MovieLensDownloader d = new MovieLensDownloader(client, base("/ml/"), null);
    Path out = d.download(MovieLensDownloader.Known.ML_100K, tmp, sha);
    assertEquals(List.of("u.data", "u.item"), names(out));
  }

  @Test
  void theNextDownloadRemovesWhatAKilledOneLeft() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("datasets"));
    // A download killed while streaming the zip: its temp directory and its (no longer held) lock
    // file.
    Path killed = Files.createDirectory(dir.resolve(".ml-100k.tmp-3a7f"));
    Files.write(killed.resolve(".download.zip.part"), new byte[] {'P', 'K'});
    Files.createFile(dir.resolve(".ml-100k.tmp-3a7f.lock"));
    MovieLensDownloader d = new MovieLensDownloader(client, base("/ml/"), null);
    Path out = d.download(MovieLensDownloader.Known.ML_100K, dir, sha);
    assertEquals(List.of(".ml-100k.lock", "ml-100k"), names(dir));
    assertEquals(List.of("README", "u.data"), names(out));
  }

  @Test
  void checksumMismatchLeavesNothing() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("datasets"));
    MovieLensDownloader d = new MovieLensDownloader(client, base("/ml"), null);
    String wrong = "0".repeat(64);
    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> d.download(MovieLensDownloader.Known.ML_100K, dir, wrong));
    assertEquals(
        "checksum mismatch for ml-100k.zip from "
            + base("/ml/ml-100k.zip")
            + ": expected SHA-256 "
            + wrong
            + ", got "
            + sha,
        e.getMessage());
    assertEquals(
        List.of(".ml-100k.lock"),
        names(dir)); // the lock stays, empty, beside where the dataset goes
    // The pinned value is the real GroupLens zip's, so the fake one fails it too.
    assertThrows(DownloadException.class, () -> d.download(MovieLensDownloader.Known.ML_100K, dir));
    assertEquals(List.of(".ml-100k.lock"), names(dir));
  }

  @Test
  void missingFileAndRefusedConnection() throws IOException {
    Path dir = tmp.resolve("never-created");
    MovieLensDownloader notThere = new MovieLensDownloader(client, base("/elsewhere/"), null);
    DownloadException e404 =
        assertThrows(
            DownloadException.class,
            () -> notThere.download(MovieLensDownloader.Known.ML_1M, dir, sha));
    assertTrue(
        e404.getMessage()
            .startsWith(
                "cannot download ml-1m from " + base("/elsewhere/ml-1m.zip") + ": HTTP 404;"),
        e404.getMessage());
    assertTrue(Files.notExists(dir), "a directory the download created is removed again");

    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    URI refused = URI.create("http://127.0.0.1:" + closedPort + "/");
    MovieLensDownloader d = new MovieLensDownloader(client, refused, null);
    DownloadException e =
        assertThrows(
            DownloadException.class, () -> d.download(MovieLensDownloader.Known.ML_100K, dir, sha));
    assertEquals(
        "cannot download ml-100k from "
            + refused
            + "ml-100k.zip: connection refused;"
            + " point --data (or MARQUEE_DATA) at an existing copy, e.g. ../shared/data/ml-100k",
        e.getMessage());
    assertTrue(Files.notExists(dir));
  }

  @Test
  void zipSlipIsRefused() throws Exception {
    zip = zipOf("../evil.txt", "x");
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
    Path dir = Files.createDirectories(tmp.resolve("datasets"));
    MovieLensDownloader d = new MovieLensDownloader(client, base("/ml/"), null);
    DownloadException e =
        assertThrows(
            DownloadException.class, () -> d.download(MovieLensDownloader.Known.ML_100K, dir, sha));
    assertTrue(e.getMessage().contains("points outside the archive"), e.getMessage());
    assertEquals(List.of(".ml-100k.lock"), names(dir));
    assertTrue(Files.notExists(tmp.resolve("evil.txt")));
  }
}
