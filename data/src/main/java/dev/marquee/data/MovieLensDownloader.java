package dev.marquee.data;

import dev.marquee.core.AtomicDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Downloads a MovieLens zip from GroupLens (or a mirror), checks its pinned SHA-256, and unpacks it
 * to {@code <dir>/<name>}. The zip streams into an {@link AtomicDirectory} for the target and
 * unpacks there; the directory is published only when everything succeeded, so it appears complete
 * or not at all, and a killed download's leftovers are removed by the next one.
 */
public final class MovieLensDownloader {
  /** Where GroupLens publishes the zips. */
  public static final URI DEFAULT_BASE =
      URI.create("https://files.grouplens.org/datasets/movielens/");

  /**
   * The datasets this tool knows, with the SHA-256 and size of their published zip (as pinned by
   * TensorFlow Datasets' url_checksums and other projects; ML-100K's inner u.data also matches).
   * ml-latest-small is a rolling release: GroupLens may replace it, and then its pin must change.
   */
  public enum Known {
    ML_100K(
        "ml-100k", "50d2a982c66986937beb9ffb3aa76efe955bf3d5c6b761f4e3a7cd717c6a3229", 4_924_029L),
    ML_1M("ml-1m", "a6898adb50b9ca05aa231689da44c217cb524e7ebd39d264c56e2832f2c54e20", 5_917_549L),
    ML_LATEST_SMALL(
        "ml-latest-small",
        "696d65a3dfceac7c45750ad32df2c259311949efec81f0f144fdfb91ebc9e436",
        978_202L),
    ML_25M(
        "ml-25m", "8b21cfb7eb1706b4ec0aac894368d90acf26ebdfb6aced3ebd4ad5bd1eb9c6aa", 261_978_986L);

    private final String id;
    private final String sha256;
    private final long bytes;

    Known(String id, String sha256, long bytes) {
      this.id = id;
      this.sha256 = sha256;
      this.bytes = bytes;
    }

    /** The dataset's name, e.g. {@code ml-100k} (also the zip's and the directory's name). */
    public String id() {
      return id;
    }

    /** The published zip's SHA-256, lowercase hex. */
    public String sha256() {
      return sha256;
    }

    /** The published zip's size in bytes. */
    public long bytes() {
      return bytes;
    }

    /** The entry named {@code name}, e.g. {@code ml-100k}. */
    public static Known byId(String name) {
      for (Known k : values()) {
        if (k.id.equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "unknown dataset '" + name + "'; choose one of " + choices());
    }

    /** The names, comma-separated. */
    public static String choices() {
      return String.join(", ", Arrays.stream(values()).map(Known::id).toList());
    }
  }

  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

  /**
   * Where the zip streams to and unpacks, inside the directory being written (so a kill leaves no
   * other trace).
   */
  private static final String ZIP_PART = ".download.zip.part";

  private static final String UNZIPPED = ".unzipped";

  private final HttpClient client;
  private final URI base;
  private final PrintWriter progress;

  /**
   * @param client used for the GET; the caller owns (and closes) it
   * @param base the folder URL holding {@code <name>.zip}; {@link #DEFAULT_BASE} or a mirror
   * @param progress where progress lines go (stderr in the CLI), or null for none
   */
  public MovieLensDownloader(HttpClient client, URI base, PrintWriter progress) {
    this.client = client;
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.progress = progress;
  }

  /**
   * A client that follows redirects (GroupLens serves some over redirects) and gives up connecting
   * after 30 s.
   */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** The URL {@code dataset} is fetched from. */
  public URI url(Known dataset) {
    return base.resolve(dataset.id() + ".zip");
  }

  /** Whether {@code dir/<name>} already holds files (then {@link #download} fetches nothing). */
  public static boolean present(Known dataset, Path dir) throws IOException {
    Path target = dir.resolve(dataset.id());
    return Files.isDirectory(target) && !AtomicDirectory.isEmpty(target);
  }

  /** Downloads {@code dataset} into {@code dir/<name>}, checking the pinned SHA-256. */
  public Path download(Known dataset, Path dir) throws IOException {
    return download(dataset, dir, dataset.sha256());
  }

  /**
   * Downloads {@code dataset} into {@code dir/<name>} and checks the zip against {@code
   * expectedSha256} (for mirrors that repackage, and for tests). Returns the dataset directory; if
   * it already exists nothing is fetched.
   *
   * @throws DownloadException on a network error, a non-200 status, a checksum mismatch or a bad
   *     zip
   */
  public Path download(Known dataset, Path dir, String expectedSha256) throws IOException {
    Path target = dir.resolve(dataset.id());
    if (present(dataset, dir)) {
      return target;
    }
    if (Files.exists(target) && !AtomicDirectory.isEmpty(target)) {
      throw new DataFormatException(
          target.toString(), 0, "already exists and is not empty; refusing to overwrite");
    }
    URI url = url(dataset);
    // Nothing is written before the server answers 200: a refused connection or a 404 leaves no
    // trace.
    HttpResponse<InputStream> response = request(dataset, url);
    try (InputStream body = response.body();
        AtomicDirectory out = AtomicDirectory.create(target)) {
      Path zip = out.dir().resolve(ZIP_PART);
      String actual = save(dataset, url, response, body, zip);
      if (!actual.equalsIgnoreCase(expectedSha256)) {
        throw new DownloadException(
            "checksum mismatch for "
                + dataset.id()
                + ".zip from "
                + url
                + ": expected SHA-256 "
                + expectedSha256.toLowerCase(Locale.ROOT)
                + ", got "
                + actual);
      }
      Path unpacked = out.dir().resolve(UNZIPPED);
      unzip(zip, unpacked, url);
      Files.delete(zip);
      Path top = topFolder(unpacked, dataset.id());
      try (DirectoryStream<Path> s = Files.newDirectoryStream(top)) {
        for (Path p : s) {
          Files.move(p, out.dir().resolve(p.getFileName().toString()));
        }
      }
      AtomicDirectory.deleteTree(unpacked);
      out.publish();
      return target;
    }
  }

  // Sends the GET; returns the response once its status is 200.
  private HttpResponse<InputStream> request(Known dataset, URI url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(url).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download of " + url + " interrupted");
    } catch (IOException | RuntimeException e) {
      throw new DownloadException(
          "cannot download "
              + dataset.id()
              + " from "
              + url
              + ": "
              + reason(e)
              + "; point --data (or MARQUEE_DATA) at an existing copy, e.g. ../shared/data/"
              + dataset.id(),
          e);
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw new DownloadException(
          "cannot download "
              + dataset.id()
              + " from "
              + url
              + ": HTTP "
              + response.statusCode()
              + "; point --data (or MARQUEE_DATA) at an existing copy, e.g. ../shared/data/"
              + dataset.id());
    }
    return response;
  }

  // Streams the body into `to`, hashing on the way; returns the SHA-256 in hex.
  private String save(
      Known dataset, URI url, HttpResponse<InputStream> response, InputStream in, Path to)
      throws IOException {
    MessageDigest sha = MovieLensReader.sha256();
    long total = response.headers().firstValueAsLong("Content-Length").orElse(dataset.bytes());
    long done = 0;
    long lastReport = System.nanoTime();
    boolean reported = false;
    byte[] buf = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(to)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        sha.update(buf, 0, n);
        done += n;
        long now = System.nanoTime();
        // Quiet for quick downloads; a line a second for long ones.
        if (progress != null && now - lastReport >= PROGRESS_EVERY_NANOS) {
          progress.printf(
              Locale.ROOT,
              "\r%s.zip: %.1f / %.1f MB (%d%%)",
              dataset.id(),
              done / 1e6,
              total / 1e6,
              total > 0 ? Math.min(100, done * 100 / total) : 0);
          progress.flush();
          lastReport = now;
          reported = true;
        }
      }
    } catch (IOException e) {
      throw new DownloadException(
          "cannot download " + dataset.id() + " from " + url + ": " + reason(e), e);
    }
    if (reported) {
      progress.printf(Locale.ROOT, "\r%s.zip: %.1f MB done%n", dataset.id(), done / 1e6);
      progress.flush();
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "connection timed out";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      if (t instanceof HttpTimeoutException) {
        return "timed out";
      }
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  // Unpacks into `dir`, refusing entries that would land outside it (zip slip).
  private static void unzip(Path zip, Path dir, URI url) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path p = root.resolve(e.getName()).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
          throw new DownloadException(
              "bad zip from " + url + ": entry '" + e.getName() + "' points outside the archive");
        }
        if (e.isDirectory()) {
          Files.createDirectories(p);
        } else {
          Files.createDirectories(p.getParent());
          Files.copy(in, p);
          entries++;
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new DownloadException("bad zip from " + url + ": " + e.getMessage(), e);
    }
    if (entries == 0) {
      throw new DownloadException("bad zip from " + url + ": no files in it");
    }
  }

  // GroupLens zips hold one folder named like the dataset; use it, else the unpacked root itself.
  private static Path topFolder(Path unpacked, String name) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(unpacked)) {
      s.forEach(children::add);
    }
    if (children.size() == 1 && Files.isDirectory(children.get(0))) {
      return children.get(0);
    }
    Path named = unpacked.resolve(name);
    return Files.isDirectory(named) && children.size() == 1 ? named : unpacked;
  }
}
