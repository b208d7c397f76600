package dev.marquee.indexer.cli;

import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.cli.CommandException;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.cli.JsonOption;
import dev.marquee.core.cli.ModelOption;
import dev.marquee.indexer.IndexInfo;
import dev.marquee.indexer.MovieIndex;
import dev.marquee.indexer.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code indexer verify}: recall and latency of the index against exact search (see {@link
 * Verifier}).
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Compare the index's top-k with exact brute-force top-k of u·m + c_m: recall@k, latency, visited nodes.")
@Exits({ExitCode.MODEL, ExitCode.INDEX, ExitCode.CHECK, ExitCode.IO})
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOption model;

  @Option(
      names = "--index",
      required = true,
      paramLabel = "INDEX_DIR",
      description = "Index directory.")
  Path index;

  @Option(
      names = "--k",
      defaultValue = "10",
      description = "Results per user (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--users",
      defaultValue = "1000",
      paramLabel = "N|all",
      description = "Users to sample, or all (default: ${DEFAULT-VALUE}).")
  String users;

  @Option(
      names = "--num-candidates",
      defaultValue = "" + MovieIndex.DEFAULT_NUM_CANDIDATES,
      paramLabel = "C",
      description =
          "Candidates asked of the index (the HNSW beam), reranked exactly (default: ${DEFAULT-VALUE}).")
  int numCandidates;

  @Option(
      names = "--sweep",
      split = ",",
      paramLabel = "C1,C2,...",
      description =
          "Also measure these candidate counts (the recall/latency curve), reusing one exact pass.")
  int[] sweep;

  @Option(
      names = "--exact-threshold",
      defaultValue = "" + MovieIndex.DEFAULT_EXACT_THRESHOLD,
      paramLabel = "N",
      description =
          "Scan exactly when at most N movies are allowed; 0 measures the graph alone (default: ${DEFAULT-VALUE}).")
  int exactThreshold;

  @Option(
      names = "--exclude-rated",
      description =
          "Filter out each user's rated movies (index filter + exact skip list), as the server does.")
  boolean excludeRated;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "User sampling seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--warmup",
      defaultValue = "200",
      description = "Untimed queries before each measurement (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--min-recall",
      defaultValue = "0",
      description =
          "Exit with code 8 (check failed) when recall@k is below this (default: ${DEFAULT-VALUE}).")
  double minRecall;

  @Mixin JsonOption json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int n = "all".equals(users) ? -1 : parseUsers(users);
    List<Integer> cs = new ArrayList<>(List.of(numCandidates));
    if (sweep != null) {
      for (int c : sweep) {
        if (!cs.contains(c)) {
          cs.add(c);
        }
      }
    }
    Verifier.Options o =
        new Verifier.Options(
            k, n, cs.stream().mapToInt(Integer::intValue).toArray(), seed, warmup, excludeRated);
    ModelArtifact artifact = ModelArtifacts.read(model.dir());
    Verifier.Report r;
    IndexInfo info;
    try (MovieIndex mi = MovieIndex.open(index, exactThreshold)) {
      info = mi.info();
      r = Verifier.run(artifact, mi, o);
    }
    Verifier.Point main = r.points().get(0);
    if (json.enabled()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("recall_at_k", main.recall());
      m.put("k", r.k());
      m.put("users", r.users());
      m.put("movies", r.movies());
      m.put("num_candidates", main.numCandidates());
      m.put("mean_ms", main.meanMs());
      m.put("p50_ms", main.p50Ms());
      m.put("p99_ms", main.p99Ms());
      m.put("mean_visited", main.meanVisited());
      m.put("exact_fraction", main.exactFraction());
      m.put("exact_scan_mean_ms", r.exactMeanMs());
      m.put("exclude_rated", excludeRated);
      m.put("min_recall", minRecall);
      m.put("pass", main.recall() >= minRecall);
      m.put("index", info);
      List<Map<String, Object>> curve = new ArrayList<>();
      for (Verifier.Point p : r.points()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("num_candidates", p.numCandidates());
        row.put("recall_at_k", p.recall());
        row.put("mean_ms", p.meanMs());
        row.put("p50_ms", p.p50Ms());
        row.put("p99_ms", p.p99Ms());
        row.put("mean_visited", p.meanVisited());
        row.put("exact_fraction", p.exactFraction());
        curve.add(row);
      }
      m.put("sweep", curve);
      json.print(out, m);
    } else {
      out.printf(
          Locale.ROOT,
          "index %s (model %s, %d movies, M=%d, beam %d, %s, transform %s, quantize %s); %d users, k=%d%n",
          index,
          info.modelId(),
          r.movies(),
          info.m(),
          info.beamWidth(),
          info.similarity(),
          info.transform().label(),
          info.quantize().label(),
          r.users(),
          r.k());
      out.printf(
          Locale.ROOT,
          "%10s %10s %9s %9s %9s %11s %7s%n",
          "candidates",
          "recall@" + r.k(),
          "mean ms",
          "p50 ms",
          "p99 ms",
          "visited",
          "exact");
      for (Verifier.Point p : r.points()) {
        out.printf(
            Locale.ROOT,
            "%10d %10.4f %9.3f %9.3f %9.3f %11.0f %7.2f%n",
            p.numCandidates(),
            p.recall(),
            p.meanMs(),
            p.p50Ms(),
            p.p99Ms(),
            p.meanVisited(),
            p.exactFraction());
      }
      out.printf(Locale.ROOT, "exact scan: %.3f ms per query (single thread)%n", r.exactMeanMs());
    }
    out.flush();
    if (main.recall() < minRecall) {
      throw new CommandException(
          ExitCode.CHECK,
          String.format(
              Locale.ROOT,
              "recall@%d %.4f at %d candidates is below " + "--min-recall %.4f",
              r.k(),
              main.recall(),
              main.numCandidates(),
              minRecall));
    }
    return ExitCode.OK.code();
  }

  private static int parseUsers(String s) {
    try {
      int v = Integer.parseInt(s);
      if (v < 1) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("--users must be a positive number or 'all'; users=" + s);
    }
  }
}
