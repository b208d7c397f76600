package dev.marquee.indexer.cli;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.cli.JsonOption;
import dev.marquee.core.cli.ModelOption;
import dev.marquee.core.cli.ThreadsOption;
import dev.marquee.indexer.IndexBuilder;
import dev.marquee.indexer.IndexInfo;
import dev.marquee.indexer.Quantize;
import dev.marquee.indexer.Transform;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code indexer build}: model artifact to HNSW index, crash-safely (see {@link IndexBuilder}). */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description =
        "Build the HNSW index of a model's movie vectors [m ; c_m] (replaces an index at --index).")
@Exits({ExitCode.MODEL, ExitCode.INDEX, ExitCode.IO})
final class BuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOption model;

  @Option(
      names = "--index",
      required = true,
      paramLabel = "INDEX_DIR",
      description = "Index directory to create or replace.")
  Path index;

  @Option(
      names = "--m",
      defaultValue = "" + IndexBuilder.DEFAULT_M,
      description = "HNSW max connections per node (default: ${DEFAULT-VALUE}).")
  int m;

  @Option(
      names = "--beam-width",
      defaultValue = "" + IndexBuilder.DEFAULT_BEAM_WIDTH,
      description = "HNSW construction beam width (default: ${DEFAULT-VALUE}).")
  int beamWidth;

  @Option(
      names = "--quantize",
      defaultValue = "none",
      paramLabel = "none|int8|int4",
      description =
          "Graph vector encoding; float vectors are always kept for rerank (default: ${DEFAULT-VALUE}).")
  String quantize;

  @Option(
      names = "--transform",
      defaultValue = "none",
      paramLabel = "none|cosine",
      description =
          "none: MAXIMUM_INNER_PRODUCT on [m ; c_m]; cosine: the MIP-to-unit-vector reduction with DOT_PRODUCT (default: ${DEFAULT-VALUE}).")
  String transform;

  @Mixin ThreadsOption threads;

  @Mixin JsonOption json;

  @Override
  public Integer call() throws Exception {
    IndexBuilder.Options o =
        new IndexBuilder.Options(
            m,
            beamWidth,
            Quantize.parse(quantize),
            Transform.parse(transform),
            threads.count(),
            IndexBuilder.Listener.NONE);
    IndexBuilder.Report r = IndexBuilder.build(model.dir(), index, o);
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("index", r.index().toString());
      map.put("info", r.info());
      map.put("load_s", r.loadSeconds());
      map.put("stage_s", r.stageSeconds());
      map.put("graph_s", r.graphSeconds());
      map.put("commit_s", r.commitSeconds());
      map.put("total_s", r.totalSeconds());
      map.put("bytes", r.bytes());
      json.print(out, map);
    } else {
      IndexInfo i = r.info();
      out.printf(
          Locale.ROOT,
          "built %s: %d movies, model %s, dim %d, %s, transform %s, M=%d, beam %d, quantize %s, %d threads%n",
          r.index(),
          i.movies(),
          i.modelId(),
          i.dim(),
          i.similarity(),
          i.transform().label(),
          i.m(),
          i.beamWidth(),
          i.quantize().label(),
          i.buildThreads());
      out.printf(
          Locale.ROOT,
          "time: load %.1f s, documents %.1f s, graph %.1f s, commit %.1f s, total %.1f s; size %s%n",
          r.loadSeconds(),
          r.stageSeconds(),
          r.graphSeconds(),
          r.commitSeconds(),
          r.totalSeconds(),
          InfoCommand.bytes(r.bytes()));
    }
    out.flush();
    return ExitCode.OK.code();
  }
}
