package dev.marquee.indexer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import dev.marquee.indexer.SyntheticArtifacts;
import dev.marquee.indexer.opensearch.OpenSearchSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code indexer build --backend opensearch} without a cluster: flag checks and an unreachable URL
 * (the cluster-backed build is exercised by the server's {@code OpenSearchClusterIT}).
 */
class OpenSearchBuildCommandTest {
  @TempDir Path dir;

  @Test
  void refusesBadFlagsWithUsageAndAnUnreachableClusterWithItsCode() throws Exception {
    Path model = dir.resolve("model");
    SyntheticArtifacts.write(model, 20, 5, 4, 1);
    String m = model.toString();
    String[][] usage = {
      {"build", "--model", m},
      {"build", "--model", m, "--backend", "opensearch"},
      {"build", "--model", m, "--backend", "solr", "--index", m},
      {"build", "--model", m, "--backend", "opensearch", "--opensearch", "x"},
      {
        "build",
        "--model",
        m,
        "--backend",
        "opensearch",
        "--opensearch",
        "http://h:1",
        "--index-name",
        "UPPER"
      },
      {
        "build",
        "--model",
        m,
        "--backend",
        "opensearch",
        "--opensearch",
        "http://h:1",
        "--shards",
        "0"
      },
    };
    for (String[] args : usage) {
      CliRun r = CliRun.of(new IndexerCli(), args);
      assertEquals(ExitCode.USAGE.code(), r.code(), String.join(" ", args) + "\n" + r);
    }
    CliRun r =
        CliRun.of(
            new IndexerCli(),
            "build",
            "--model",
            m,
            "--backend",
            "opensearch",
            "--opensearch",
            "http://127.0.0.1:1",
            "--opensearch-timeout-ms",
            "1000");
    assertEquals(ExitCode.BACKEND.code(), r.code(), r.toString());
    assertTrue(r.err().startsWith("error: cannot reach OpenSearch at http://127.0.0.1:1"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.toString());
  }

  @Test
  void versionedNamesAreAliasModelAndTime() {
    assertEquals(
        "movies-ab12_x-1700000000000",
        OpenSearchSchema.versionedName("movies", "AB12/x", 1_700_000_000_000L));
  }
}
