package dev.marquee.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import dev.marquee.core.testing.SharedData;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as bin/data runs it: exit codes and text. */
class DataCliTest {
  @TempDir Path tmp;

  static CliRun run(String... args) {
    return CliRun.of(new DataCli(), args);
  }

  static String ml100k() {
    return SharedData.ml100kDir().toString();
  }

  @Test
  void statsOnMl100k() {
    CliRun r = run("stats", "--data", ml100k());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("users        943\n"), r.out());
    assertTrue(r.out().contains("movies       1,682\n"), r.out());
    assertTrue(r.out().contains("ratings      100,000\n"), r.out());
    assertTrue(r.out().contains("genres       19\n"), r.out());
    assertTrue(
        r.out().contains("histogram    1: 6,110  2: 11,370  3: 27,145  4: 34,174  5: 21,201\n"),
        r.out());
    assertTrue(r.out().contains("per user     min 20  p50 65"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void statsJson() throws Exception {
    CliRun r = run("stats", "--data", ml100k(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(943, j.get("users").asInt());
    assertEquals(1682, j.get("movies").asInt());
    assertEquals(100000, j.get("ratings").asInt());
    assertEquals(19, j.get("genres").asInt());
    assertEquals(20, j.get("perUser").get("min").asInt());
    assertEquals(6110, j.get("histogram").get("1").asInt());
  }

  @Test
  void usageErrorsExit2() {
    CliRun bad = run("stats", "--bogus");
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("Unknown option: '--bogus'"), bad.err());
    assertTrue(bad.err().contains("Usage: data stats"), bad.err());
    CliRun none = run();
    assertEquals(2, none.code());
    assertTrue(none.err().startsWith("Missing required subcommand"), none.err());
    assertTrue(none.err().contains("Usage: data"), none.err());
    assertEquals(
        2,
        run(
                "synth",
                "--out",
                tmp.resolve("x").toString(),
                "--users",
                "2",
                "--movies",
                "2",
                "--ratings",
                "5")
            .code());
    assertEquals(2, run("download", "--dataset", "ml-7", "--dir", tmp.toString()).code());
  }

  @Test
  void helpExits0() {
    for (String cmd : new String[] {"stats", "download", "synth"}) {
      CliRun r = run(cmd, "--help");
      assertEquals(0, r.code());
      assertTrue(r.out().startsWith("Usage: data " + cmd), r.out());
    }
    assertEquals(0, run("--help").code());
    // The exit codes come from the shared table, each command listing its own.
    assertTrue(
        run("download", "--help").out().contains("\n   7   " + ExitCode.DOWNLOAD.meaning() + "\n"));
    assertFalse(run("stats", "--help").out().contains(ExitCode.DOWNLOAD.meaning()));
  }

  @Test
  void dataErrorsExit3WithOneLine() throws Exception {
    Path missing = tmp.resolve("nope");
    CliRun r = run("stats", "--data", missing.toString());
    assertEquals(ExitCode.DATA.code(), r.code());
    assertEquals("error: " + missing + ": no such directory" + System.lineSeparator(), r.err());

    Path dir = tmp.resolve("bad");
    Files.createDirectories(dir);
    for (String f : new String[] {"u.genre", "u.occupation", "u.item", "u.user"}) {
      Files.copy(Path.of(ml100k(), f), dir.resolve(f));
    }
    Files.writeString(dir.resolve("u.data"), "196\t242\t3\t881250949\n186\t302\t3\n");
    CliRun bad = run("stats", "--data", dir.toString());
    assertEquals(ExitCode.DATA.code(), bad.code());
    assertEquals(
        "error: u.data:2: expected 4 tab-separated fields, got 3: '186\\t302\\t3'"
            + System.lineSeparator(),
        bad.err());
    assertFalse(bad.err().contains("\tat "), "no stack trace");

    CliRun lenient = run("stats", "--data", dir.toString(), "--lenient");
    assertEquals(0, lenient.code(), lenient.err());
    assertTrue(lenient.out().contains("ratings      1\n"), lenient.out());
    assertTrue(lenient.err().contains("skipped 1 malformed lines"), lenient.err());
  }

  @Test
  void synthThenStats() {
    Path out = tmp.resolve("syn");
    CliRun s =
        run(
            "synth",
            "--out",
            out.toString(),
            "--users",
            "30",
            "--movies",
            "40",
            "--ratings",
            "500",
            "--seed",
            "7");
    assertEquals(0, s.code(), s.err());
    CliRun st = run("stats", "--data", out.toString());
    assertEquals(0, st.code(), st.err());
    assertTrue(st.out().contains("ratings      500\n"), st.out());
    CliRun again =
        run(
            "synth",
            "--out",
            out.toString(),
            "--users",
            "30",
            "--movies",
            "40",
            "--ratings",
            "500");
    assertEquals(ExitCode.DATA.code(), again.code());
    assertEquals(
        "error: "
            + out
            + ": already exists and is not empty; refusing to overwrite"
            + System.lineSeparator(),
        again.err());
  }

  @Test
  void downloadOfflineExits7() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRun r =
        run(
            "download",
            "--dataset",
            "ml-100k",
            "--dir",
            tmp.resolve("dl").toString(),
            "--url-base",
            "http://127.0.0.1:" + port + "/movielens/");
    assertEquals(ExitCode.DOWNLOAD.code(), r.code());
    assertEquals(
        "error: cannot download ml-100k from http://127.0.0.1:"
            + port
            + "/movielens/ml-100k.zip:"
            + " connection refused; point --data (or MARQUEE_DATA) at an existing copy, e.g. ../shared/data/ml-100k"
            + System.lineSeparator(),
        r.err());
    assertFalse(Files.exists(tmp.resolve("dl")));
  }
}
