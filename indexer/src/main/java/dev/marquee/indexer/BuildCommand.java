package dev.marquee.indexer;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code indexer build}: model artifact to HNSW index, crash-safely (see {@link IndexBuilder}). */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build the HNSW index of a model's movie vectors [m ; c_m] (replaces an index at --index).")
final class BuildCommand extends Subcommand {
  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "Model artifact directory.")
  Path model;

  @Option(names = "--index", required = true, paramLabel = "INDEX_DIR", description = "Index directory to create or replace.")
  Path index;

  @Option(names = "--m", defaultValue = "" + IndexBuilder.DEFAULT_M, description = "HNSW max connections per node (default: ${DEFAULT-VALUE}).")
  int m;

  @Option(names = "--beam-width", defaultValue = "" + IndexBuilder.DEFAULT_BEAM_WIDTH,
      description = "HNSW construction beam width (default: ${DEFAULT-VALUE}).")
  int beamWidth;

  @Option(names = "--quantize", defaultValue = "none", paramLabel = "none|int8|int4",
      description = "Graph vector encoding; float vectors are always kept for rerank (default: ${DEFAULT-VALUE}).")
  String quantize;

  @Option(names = "--transform", defaultValue = "none", paramLabel = "none|cosine",
      description = "none: MAXIMUM_INNER_PRODUCT on [m ; c_m]; cosine: the MIP-to-unit-vector reduction with DOT_PRODUCT (default: ${DEFAULT-VALUE}).")
  String transform;

  @Option(names = "--threads", defaultValue = "${env:MARQUEE_INDEX_THREADS:-0}",
      description = "Graph-building threads; 0 = all processors (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--json", description = "Print the build report as JSON.")
  boolean json;

  @Override
  int run() throws Exception {
    int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    IndexBuilder.Options o = new IndexBuilder.Options(m, beamWidth, Quantize.parse(quantize), Transform.parse(transform), t,
        IndexBuilder.Listener.NONE);
    IndexBuilder.Report r = IndexBuilder.build(model, index, o);
    if (json) {
      var map = new java.util.LinkedHashMap<String, Object>();
      map.put("index", r.index().toString());
      map.put("info", r.info());
      map.put("load_s", r.loadSeconds());
      map.put("stage_s", r.stageSeconds());
      map.put("graph_s", r.graphSeconds());
      map.put("commit_s", r.commitSeconds());
      map.put("total_s", r.totalSeconds());
      map.put("bytes", r.bytes());
      out().println(IndexerCli.json(map));
    } else {
      IndexInfo i = r.info();
      out().printf(Locale.ROOT, "built %s: %d movies, model %s, dim %d, %s, transform %s, M=%d, beam %d, quantize %s, %d threads%n",
          r.index(), i.movies(), i.modelId(), i.dim(), i.similarity(), i.transform().label(), i.m(), i.beamWidth(), i.quantize().label(),
          i.buildThreads());
      out().printf(Locale.ROOT, "time: load %.1f s, documents %.1f s, graph %.1f s, commit %.1f s, total %.1f s; size %s%n",
          r.loadSeconds(), r.stageSeconds(), r.graphSeconds(), r.commitSeconds(), r.totalSeconds(), InfoCommand.bytes(r.bytes()));
    }
    return 0;
  }
}
