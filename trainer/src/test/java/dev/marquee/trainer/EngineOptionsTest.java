package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngineOptionsTest {
  private static EngineOptions parse(String... args) {
    EngineOptions o = new EngineOptions();
    CommandLine cl = new CommandLine(o);
    cl.parseArgs(args);
    o.validate(cl);
    return o;
  }

  @Test
  void autoUsesOneThreadForSmallBatchesAndEveryCoreForLargeOnes() {
    EngineOptions o = parse();
    assertEquals(1, o.threads(1024));
    assertEquals(1, o.threads(EngineOptions.PARALLEL_BATCH - 1));
    assertEquals(
        Runtime.getRuntime().availableProcessors(), o.threads(EngineOptions.PARALLEL_BATCH));
  }

  @Test
  void aNumberIsUsedWhateverTheBatch() {
    EngineOptions o = parse("--threads", "3");
    assertEquals(3, o.threads(64));
    assertEquals(3, o.threads(1 << 16));
  }

  @Test
  void aBadCountIsRefusedWithTheValue() {
    for (String bad : new String[] {"0", "-2", "two"}) {
      CommandLine.ParameterException ex =
          assertThrows(CommandLine.ParameterException.class, () -> parse("--threads", bad));
      assertTrue(ex.getMessage().contains("--threads=" + bad), ex.getMessage());
    }
  }
}
