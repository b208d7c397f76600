package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The map's frame time on a large catalogue, for BENCHMARKS.md: {@code benchmarks/web_map.sh}
 * serves a synthetic model of 100,000 movies and runs this with {@code
 * -Dmarquee.bench.page=http://127.0.0.1:PORT/}; skipped without that property.
 */
class WebMapBenchIT {
  @TempDir Path profile;

  @Test
  void mapFrameTime() throws Exception {
    String page = System.getProperty("marquee.bench.page");
    assumeTrue(page != null, "set -Dmarquee.bench.page=URL (benchmarks/web_map.sh)");
    assumeTrue(Files.isExecutable(WebPageIT.CHROMEDRIVER), "needs Debian's chromium-driver");
    ChromeDriver browser = WebPageIT.chromium(profile);
    try {
      long start = System.nanoTime();
      browser.get(page + "#map/1");
      new WebDriverWait(browser, Duration.ofSeconds(120))
          .until(d -> d.findElement(By.id("map-stats")).getText().contains("drawn"));
      double loadS = (System.nanoTime() - start) / 1e9;
      @SuppressWarnings("unchecked")
      Map<String, Object> bench =
          (Map<String, Object>)
              ((JavascriptExecutor) browser)
                  .executeAsyncScript(
                      "const done = arguments[arguments.length - 1];"
                          + " window.marqueeMap.bench(120).then(done);");
      System.out.printf("map: first draw %.1f s after navigation; 120 frames: %s%n", loadS, bench);
      assertTrue(((Number) bench.get("points")).longValue() > 0);
    } finally {
      browser.quit();
    }
  }
}
