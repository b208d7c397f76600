package dev.marquee.indexer.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexerCliTest {
  @TempDir static Path dir;
  static Path model;
  static Path index;

  static CliRun run(String... args) {
    return CliRun.of(new IndexerCli(), args);
  }

  @BeforeAll
  static void buildOnce() {
    model = dir.resolve("model");
    index = dir.resolve("index");
    CliRun r =
        run(
            "synth-model",
            "--movies",
            "1000",
            "--users",
            "50",
            "--factors",
            "8",
            "--seed",
            "7",
            "--out",
            model.toString());
    assertEquals(0, r.code(), r.err());
    r =
        run(
            "build",
            "--model",
            model.toString(),
            "--index",
            index.toString(),
            "--m",
            "16",
            "--beam-width",
            "100",
            "--threads",
            "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("built " + index + ": 1000 movies"), r.out());
  }

  @Test
  void verifyJsonHasTheContractFields() throws IOException {
    CliRun r =
        run(
            "verify",
            "--model",
            model.toString(),
            "--index",
            index.toString(),
            "--users",
            "all",
            "--json",
            "--sweep",
            "10,50",
            "--exact-threshold",
            "0");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    for (String f : new String[] {"recall_at_k", "k", "users", "p50_ms", "p99_ms"}) {
      assertTrue(j.has(f), f + " in " + r.out());
    }
    assertEquals(10, j.get("k").asInt());
    assertEquals(50, j.get("users").asInt());
    assertTrue(j.get("recall_at_k").asDouble() >= 0.95, r.out());
    assertEquals(3, j.get("sweep").size());
    assertEquals(0.0, j.get("exact_fraction").asDouble());
  }

  @Test
  void verifyFailsBelowMinRecall() {
    CliRun r =
        run(
            "verify",
            "--model",
            model.toString(),
            "--index",
            index.toString(),
            "--users",
            "20",
            "--min-recall",
            "1.01");
    assertEquals(ExitCode.CHECK.code(), r.code());
    assertTrue(
        r.err().startsWith("error: recall@10 ") && r.err().contains("is below --min-recall 1.0100"),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void verifyRefusesAnIndexOfAnotherModel() {
    Path other = dir.resolve("other");
    assertEquals(
        0,
        run(
                "synth-model",
                "--movies",
                "1000",
                "--users",
                "50",
                "--factors",
                "8",
                "--seed",
                "8",
                "--out",
                other.toString())
            .code());
    CliRun r = run("verify", "--model", other.toString(), "--index", index.toString());
    assertEquals(ExitCode.INDEX.code(), r.code());
    assertTrue(r.err().startsWith("error: index " + index + " was built from model "), r.err());
  }

  @Test
  void infoShowsTheParameters() throws IOException {
    CliRun r = run("info", "--index", index.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("movies:       1000 (1 segment)"), r.out());
    assertTrue(r.out().contains("dimension:    9 (8 factors + bias)"), r.out());
    assertTrue(r.out().contains("hnsw:         M=16, beam width 100, quantize none"), r.out());
    JsonNode j =
        new ObjectMapper().readTree(run("info", "--index", index.toString(), "--json").out());
    assertEquals(1000, j.get("movies").asInt());
    assertEquals("MAXIMUM_INNER_PRODUCT", j.get("info").get("similarity").asText());
  }

  @Test
  void errorsAreOneLineWithDistinctExitCodes() {
    CliRun r =
        run(
            "build",
            "--model",
            dir.resolve("missing").toString(),
            "--index",
            dir.resolve("x").toString());
    assertEquals(ExitCode.MODEL.code(), r.code());
    assertEquals(
        "error: model directory " + dir.resolve("missing") + " does not exist", r.err().strip());
    r = run("build", "--model", model.toString(), "--index", model.toString());
    assertEquals(ExitCode.INDEX.code(), r.code());
    assertTrue(
        r.err()
            .startsWith("error: index target " + model + " exists and is not an index directory"),
        r.err());
    r =
        run(
            "build",
            "--model",
            model.toString(),
            "--index",
            index.toString(),
            "--quantize",
            "int3");
    assertEquals(ExitCode.USAGE.code(), r.code());
    assertEquals("error: quantize must be one of none, int8, int4; quantize=int3", r.err().strip());
    r = run("info", "--index", model.toString());
    assertEquals(ExitCode.INDEX.code(), r.code());
    r = run("verify", "--model", model.toString(), "--index", index.toString(), "--users", "zero");
    assertEquals(ExitCode.USAGE.code(), r.code());
    assertEquals("error: --users must be a positive number or 'all'; users=zero", r.err().strip());
    r = run();
    assertEquals(ExitCode.USAGE.code(), r.code());
    assertTrue(r.err().startsWith("Missing required subcommand"), r.err());
    assertTrue(r.err().contains("Usage: indexer"), r.err());
  }
}
