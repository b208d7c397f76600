package dev.marquee.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
  record Report(String modelId, double recallAtK, Map<String, Integer> byName) {}

  @Test
  void snakeCaseComponentsAndMapsInTheirOwnOrder() throws Exception {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("zeta", 1);
    m.put("alpha", 2);
    String nl = System.lineSeparator();
    String expected =
        String.join(
            nl,
            "{",
            "  \"model_id\" : \"m1\",",
            "  \"recall_at_k\" : 0.5,",
            "  \"by_name\" : {",
            "    \"zeta\" : 1,",
            "    \"alpha\" : 2",
            "  }",
            "}");
    assertEquals(expected, Json.pretty(new Report("m1", 0.5, m)));
  }

  @Test
  void writeCreatesTheParentDirectories(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("a/b/metrics.json");
    Json.write(file, Map.of("k", 10));
    assertEquals(Json.pretty(Map.of("k", 10)), Files.readString(file));
  }
}
