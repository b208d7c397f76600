package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marquee.client.EndToEnd.Result;
import dev.marquee.core.testing.SharedData;
import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommendedMovie;
import dev.marquee.proto.v1.RecommenderGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: {@code bin/demo --serve} trains, indexes and serves MovieLens
 * 100K with the page on, and Debian's headless Chromium (through chromedriver and Selenium) checks
 * what a person would see against what gRPC answers. Screenshots of each view go to {@code
 * target/web-screenshots/}; the time until user 42's list shows is printed, not asserted.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's {@code chromium}
 * and {@code chromium-driver}; {@code .ci/run} installs them): skipped without them, except in CI
 * ({@code CI} set), where their absence fails.
 */
class WebPageIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "web-screenshots");

  @TempDir static Path work;
  static ProcessHandle server;
  static String page;
  static ManagedChannel channel;
  static RecommenderGrpc.RecommenderBlockingStub stub;
  static ChromeDriver browser;

  @BeforeAll
  static void serveAndOpenABrowser() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && System.getenv("CI") != null) {
      fail("CI must install chromium and chromium-driver (see .ci/run)");
    }
    assumeTrue(present, "apt-get install -y chromium chromium-driver to run the browser test");
    int port = EndToEnd.freePort();
    int httpPort = EndToEnd.freePort();
    Result demo =
        EndToEnd.run(
            EndToEnd.home(),
            work,
            900,
            "bin/demo",
            "--data",
            SharedData.ml100kDir().toAbsolutePath().toString(),
            "--work",
            work.resolve("demo").toString(),
            "--port",
            String.valueOf(port),
            "--http-port",
            String.valueOf(httpPort),
            "--serve");
    String out = demo.out() + demo.err();
    Matcher pid = Pattern.compile("server pid (\\d+)").matcher(out);
    if (pid.find()) {
      server = ProcessHandle.of(Long.parseLong(pid.group(1))).orElse(null);
    }
    assertEquals(0, demo.exit(), "bin/demo failed:\n" + out);
    page = "http://127.0.0.1:" + httpPort + "/";
    assertTrue(out.contains("Open the page: " + page), "bin/demo --serve prints the page:\n" + out);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    stub = RecommenderGrpc.newBlockingStub(channel);
    Files.createDirectories(SHOTS);
    browser = chromium(work.resolve("chromium-profile"));
  }

  /**
   * Headless Chromium as root on a CI machine: no sandbox, no GPU, nothing fetched in the
   * background.
   */
  static ChromeDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver d = new ChromeDriver(service, options);
    d.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return d;
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.destroy(); // SIGTERM: graceful shutdown
      server.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  static void open(String hash) {
    browser.get(page + "#" + hash);
  }

  /** The data-movie-id of each row of table {@code id}, once it has {@code n} rows. */
  static List<Long> rows(String id, int n) {
    return waiting()
        .ignoring(StaleElementReferenceException.class) // a row redrawn while read: read again
        .until(
            d -> {
              List<Long> ids = rowIds(d, id);
              return ids.size() == n ? ids : null;
            });
  }

  static List<Long> rowIds(WebDriver d, String id) {
    List<Long> ids = new ArrayList<>();
    for (WebElement tr : d.findElements(By.cssSelector("#" + id + " tbody tr"))) {
      ids.add(Long.parseLong(tr.getDomAttribute("data-movie-id")));
    }
    return ids;
  }

  static void screenshot(String name) throws Exception {
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static List<Long> ids(List<RecommendedMovie> items) {
    return items.stream().map(RecommendedMovie::getMovieId).toList();
  }

  static RecommenderGrpc.RecommenderBlockingStub grpc() {
    return stub.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Test
  void user42SeesTheSameTenMoviesAsGrpcRecommend() throws Exception {
    List<Long> want =
        ids(
            grpc()
                .recommend(RecommendRequest.newBuilder().setUserId(42).setK(10).build())
                .getItemsList());
    open("user/42"); // a first load warms the server and the browser's cache of the modules
    assertEquals(want, rows("recs", 10));
    browser.get("about:blank");
    long start = System.nanoTime();
    open("user/42");
    assertEquals(want, rows("recs", 10));
    double wallMs = (System.nanoTime() - start) / 1e6;
    Object inPage =
        ((JavascriptExecutor) browser).executeScript("return window.marqueeTimings.userListMs");
    System.out.printf(
        "web page: user 42's list shown %.0f ms after navigation (%.0f ms wall from WebDriver)%n",
        ((Number) inPage).doubleValue(), wallMs);
    waiting()
        .until(d -> d.findElement(By.id("ratings")).findElements(By.tagName("tr")).size() > 10);
    assertTrue(
        browser.findElement(By.id("recs")).getText().contains("Because you liked"),
        "the list explains itself");
    screenshot("user");

    // A genre ticked re-asks at once: the list becomes gRPC's filtered one.
    List<Long> comedies =
        ids(
            grpc()
                .recommend(
                    RecommendRequest.newBuilder()
                        .setUserId(42)
                        .setK(10)
                        .setFilter(MovieFilter.newBuilder().addGenres("Comedy"))
                        .build())
                .getItemsList());
    browser.findElement(By.cssSelector("input[data-genre='Comedy']")).click();
    waiting()
        .ignoring(StaleElementReferenceException.class)
        .until(d -> rowIds(d, "recs").equals(comedies));
  }

  @Test
  void starsOnARecommendationRateItAsThatUserAndTheListFollowsAtOnce() throws Exception {
    // User 7, not 42: this rating changes the user's list for the tests that follow.
    List<Long> before =
        ids(
            grpc()
                .recommend(RecommendRequest.newBuilder().setUserId(7).setK(10).build())
                .getItemsList());
    open("user/7");
    waiting()
        .ignoring(StaleElementReferenceException.class)
        .until(d -> rowIds(d, "recs").equals(before));
    long first = before.get(0);
    browser
        .findElement(By.cssSelector("#recs button[data-movie-id='" + first + "'][data-stars='5']"))
        .click();
    // RateMovies acknowledged: the movie is among the ratings and never recommended back, and the
    // list is the refitted one gRPC gives.
    waiting()
        .ignoring(StaleElementReferenceException.class)
        .until(d -> rowIds(d, "ratings").contains(first) && !rowIds(d, "recs").contains(first));
    List<Long> want =
        ids(
            grpc()
                .recommend(RecommendRequest.newBuilder().setUserId(7).setK(10).build())
                .getItemsList());
    assertFalse(want.contains(first), "the rated movie is seen: " + want);
    assertEquals(want, rows("recs", 10));
    assertEquals(
        5f,
        grpc()
            .predictRatings(
                PredictRatingsRequest.newBuilder().setUserId(7).addMovieIds(first).build())
            .getPredictions(0)
            .getActualRating());
    screenshot("user-rated");
  }

  @Test
  void ratingThreeMoviesOnTheNewUserPageChangesTheList() throws Exception {
    open("new");
    List<Long> before = rows("profile-recs", 10);
    WebElement search = browser.findElement(By.id("search"));
    long[] rated = new long[3];
    String[] queries = {"star wars", "toy story", "godfather"};
    int[] stars = {5, 4, 5};
    for (int j = 0; j < 3; j++) {
      search.clear();
      search.sendKeys(queries[j]);
      String q = queries[j].split(" ")[0];
      waiting()
          .until(
              d -> {
                List<WebElement> rs =
                    d.findElements(By.cssSelector("#search-results tbody tr, #search-results tr"));
                return !rs.isEmpty() && rs.get(0).getText().toLowerCase().contains(q);
              });
      WebElement first = browser.findElements(By.cssSelector("#search-results tr")).get(0);
      rated[j] = Long.parseLong(first.getDomAttribute("data-movie-id"));
      first.findElement(By.cssSelector("button[data-stars='" + stars[j] + "']")).click();
      String n = String.valueOf(j + 1);
      waiting()
          .until(
              d ->
                  n.equals(d.findElement(By.id("profile-status")).getDomAttribute("data-ratings")));
    }
    List<Long> after = rows("profile-recs", 10);
    assertNotEquals(before, after, "three ratings change the list");
    RecommendForProfileRequest.Builder req = RecommendForProfileRequest.newBuilder().setK(10);
    for (int j = 0; j < 3; j++) {
      req.addRatings(ProfileRating.newBuilder().setMovieId(rated[j]).setRating(stars[j]));
      assertFalse(after.contains(rated[j]), "a rated movie is never recommended back");
    }
    assertEquals(ids(grpc().recommendForProfile(req.build()).getItemsList()), after);
    screenshot("new-user");
  }

  @Test
  void aBadUserIdShowsTheServersMessage() throws Exception {
    String message;
    try {
      grpc().recommend(RecommendRequest.newBuilder().setUserId(0).setK(10).build());
      throw new AssertionError("user 0 was accepted");
    } catch (StatusRuntimeException ex) {
      message = ex.getStatus().getDescription();
    }
    open("user/0");
    waiting().until(d -> !d.findElement(By.id("user-error")).getText().isEmpty());
    assertEquals(message, browser.findElement(By.id("user-error")).getText());
    String body = browser.findElement(By.tagName("body")).getText();
    assertFalse(body.contains("Exception") || body.contains("\tat "), body);
    screenshot("bad-user");
  }

  @Test
  void movieMapAndModelViews() throws Exception {
    open("movie/50");
    assertEquals(15, rows("similar", 15).size());
    waiting().until(d -> !d.findElements(By.cssSelector("#histogram rect")).isEmpty());
    assertTrue(browser.findElement(By.id("movie-title")).getText().startsWith("Star Wars"));
    screenshot("movie");

    open("map/42");
    waiting().until(d -> d.findElement(By.id("map-stats")).getText().contains("1,682 movies"));
    @SuppressWarnings("unchecked")
    Map<String, Object> bench =
        (Map<String, Object>)
            ((JavascriptExecutor) browser)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + " window.marqueeMap.bench(60).then(done);");
    System.out.println("web page: map of ML-100K, 60 frames of pan and zoom: " + bench);
    assertEquals(1682L, ((Number) bench.get("points")).longValue());
    screenshot("map");

    open("model");
    waiting().until(d -> !d.findElements(By.cssSelector("#model-facts dd")).isEmpty());
    assertTrue(browser.findElement(By.id("model-facts")).getText().contains("ml-100k"));
    waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    ((JavascriptExecutor) d)
                        .executeScript(
                            "const i = document.getElementById('history-plot');"
                                + " return i.complete && i.naturalWidth > 0;")));
    screenshot("model");
  }
}
