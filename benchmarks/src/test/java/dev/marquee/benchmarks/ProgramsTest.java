package dev.marquee.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.data.testing.Datasets;
import dev.marquee.indexer.IndexBuilder;
import dev.marquee.indexer.SyntheticArtifacts;
import dev.marquee.server.FoldIn;
import dev.marquee.server.MarqueeServer;
import dev.marquee.server.PairLoader;
import dev.marquee.server.Recommender;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.ServingStateHolder;
import io.grpc.ServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark program, once, on a small synthetic model and dataset: they run and report
 * sensible numbers.
 */
class ProgramsTest {
  @TempDir static Path tmp;
  static Path model;
  static Path index;

  @BeforeAll
  static void modelAndIndex() throws Exception {
    model = tmp.resolve("model");
    index = tmp.resolve("index");
    SyntheticArtifacts.write(model, 2000, 100, 8, 7);
    IndexBuilder.build(model, index, IndexBuilder.Options.defaults().withThreads(1));
  }

  interface Program {
    void run(String[] args, PrintStream out) throws Exception;
  }

  static String output(Program p, String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      p.run(args, out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void recallBenchReportsRecallAgainstExact() throws Exception {
    String out =
        output(RecallBench::run, model.toString(), index.toString(), "100", "10", "4", "100");
    Matcher m = Pattern.compile("recall@10 vs exact: ([0-9.]+)").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Double.parseDouble(m.group(1)) >= 0.9, out);
    assertTrue(out.contains("users 100, k 10, oversample 4, ef 100"), out);
  }

  /** A real server on a free loopback port, serving the model with {@code retrieval}. */
  static MarqueeServer serve(ServingStateHolder states, Path indexDir, RetrievalOptions retrieval)
      throws Exception {
    states.swap(new PairLoader(model, indexDir, retrieval).call());
    MarqueeServer server =
        new MarqueeServer(
                ServerBuilder.forPort(0), states, new Recommender(new FoldIn(1)), List.of())
            .start();
    server.setServing(true);
    return server;
  }

  @Test
  void servedRecallComparesTwoServersOverGrpc() throws Exception {
    try (ServingStateHolder exactStates = new ServingStateHolder();
        ServingStateHolder graphStates = new ServingStateHolder()) {
      MarqueeServer exact = serve(exactStates, null, RetrievalOptions.EXACT);
      MarqueeServer graph = serve(graphStates, index, new RetrievalOptions(false, 4, 100, 0));
      try {
        String out =
            output(
                ServedRecall::run,
                "127.0.0.1:" + exact.port(),
                "127.0.0.1:" + graph.port(),
                "50",
                "10");
        Matcher m =
            Pattern.compile(
                    "filter none: recall@10 ([0-9.]+) over 50 users, identical lists (\\d+)")
                .matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) >= 0.9, out);
        assertTrue(out.contains("filter Comedy|Romance 1980-1998: recall@10 "), out);
        // The exact server against itself: every list identical.
        String self =
            output(
                ServedRecall::run,
                "127.0.0.1:" + exact.port(),
                "127.0.0.1:" + exact.port(),
                "20",
                "10");
        assertTrue(
            self.contains("filter none: recall@10 1.0000 over 20 users, identical lists 20"), self);
      } finally {
        exact.stop(Duration.ZERO);
        graph.stop(Duration.ZERO);
      }
    }
  }

  @Test
  void foldInCheckReportsEachLambda() throws Exception {
    String out = output(FoldInCheck::run, model.toString());
    assertEquals(
        5,
        out.lines()
            .filter(l -> l.startsWith("lambda ") && l.contains("held-out RMSE fold-in"))
            .count(),
        out);
  }

  @Test
  void filterBenchmarkAnswersUnderEachFilter() throws Exception {
    for (String name : List.of("none", "comedy", "1990s", "noir-1950-1952")) {
      FilterBenchmark b = new FilterBenchmark();
      b.model = model.toString();
      b.index = index.toString();
      b.filter = name;
      b.load();
      try {
        for (int i = 0; i < 5; i++) {
          assertTrue(b.recommend().items().size() <= 10, name);
        }
        if (name.equals("none")) {
          assertEquals(10, b.recommend().items().size());
        }
      } finally {
        b.close();
      }
    }
  }

  @Test
  void trainingBenchPrintsOneLinePerConfig() throws Exception {
    Path data = tmp.resolve("data");
    Datasets.synthetic(data, Datasets.small(3));
    String out =
        output(
            TrainingBench::run, data.toString(), "random", "42", "epochs=1", "epochs=1,factors=4");
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.size(), out);
    assertTrue(
        lines.get(0).startsWith("epochs=1 ") && lines.get(0).contains("seed 42: rmse "), out);
    assertTrue(lines.get(1).startsWith("epochs=1,factors=4 "), out);
  }

  @Test
  void liveFeedbackBenchHoldsOutTwentyRatingsPerUser() throws Exception {
    Path out = tmp.resolve("live");
    String text =
        output(
            LiveFeedbackBench::run,
            "prepare",
            dev.marquee.core.testing.SharedData.ml100kDir().toString(),
            out.toString(),
            "50",
            "1");
    assertEquals("prepared 50 users: 99000 ratings kept, 500 feedback, 500 evaluation\n", text);
    assertEquals(500, java.nio.file.Files.readAllLines(out.resolve("eval.tsv")).size());
  }
}
