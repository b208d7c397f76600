package dev.marquee.indexer.cli;

import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.cli.JsonOption;
import dev.marquee.core.cli.ModelOption;
import dev.marquee.core.cli.OpenSearchOptions;
import dev.marquee.core.cli.ThreadsOption;
import dev.marquee.indexer.IndexBuilder;
import dev.marquee.indexer.IndexInfo;
import dev.marquee.indexer.Quantize;
import dev.marquee.indexer.Transform;
import dev.marquee.indexer.opensearch.ClusterConfig;
import dev.marquee.indexer.opensearch.OpenSearchIndexBuilder;
import dev.marquee.indexer.opensearch.OpenSearchIndexInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opensearch.client.opensearch.OpenSearchClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code indexer build}: model artifact to HNSW index, crash-safely (see {@link IndexBuilder}). */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description =
        "Build the HNSW index of a model's movie vectors [m ; c_m]: a local directory (replaces --index) or a versioned OpenSearch index behind an alias.")
@Exits({ExitCode.MODEL, ExitCode.INDEX, ExitCode.IO, ExitCode.BACKEND})
final class BuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOption model;

  @Option(
      names = "--backend",
      defaultValue = "local",
      paramLabel = "local|opensearch",
      description =
          "local: a Lucene index directory (--index); opensearch: a versioned index in an OpenSearch cluster behind the alias --index-name (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(
      names = "--index",
      paramLabel = "INDEX_DIR",
      description = "Index directory to create or replace (--backend local).")
  Path index;

  @Mixin OpenSearchOptions cluster;

  @Option(
      names = "--shards",
      defaultValue = "1",
      description = "OpenSearch primary shards (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(
      names = "--replicas",
      defaultValue = "0",
      description =
          "OpenSearch replicas per shard; green needs replicas + 1 nodes (default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(
      names = "--keep",
      defaultValue = "2",
      description =
          "OpenSearch versions of this alias to keep, the new one included; 2 lets servers still on the previous one answer until their next alias poll (default: ${DEFAULT-VALUE}).")
  int keep;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description = "OpenSearch documents per bulk request (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--green-timeout",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description = "How long to wait for the new index to turn green (default: ${DEFAULT-VALUE}).")
  int greenTimeout;

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
    switch (backend) {
      case "opensearch" -> {
        return buildInCluster();
      }
      case "local" -> {
        if (index == null) {
          throw new ParameterException(
              spec.commandLine(), "--index INDEX_DIR is required with --backend local");
        }
      }
      default ->
          throw new ParameterException(
              spec.commandLine(), "--backend must be local or opensearch; --backend=" + backend);
    }
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

  /** {@code --backend opensearch}: load the movies into the cluster and swap the alias. */
  private int buildInCluster() throws Exception {
    OpenSearchIndexBuilder.Options o;
    ClusterConfig config;
    try {
      config = ClusterConfig.of(cluster);
      o =
          new OpenSearchIndexBuilder.Options(
              cluster.indexName(), shards, replicas, keep, m, beamWidth, batch, greenTimeout);
    } catch (IllegalArgumentException ex) {
      throw new ParameterException(spec.commandLine(), ex.getMessage());
    }
    ModelArtifact artifact = ModelArtifacts.read(model.dir());
    PrintWriter err = spec.commandLine().getErr();
    OpenSearchClient client = config.connect();
    OpenSearchIndexBuilder.Report r;
    try {
      r =
          new OpenSearchIndexBuilder(
                  client,
                  config.describe(),
                  line -> {
                    err.println(line);
                    err.flush();
                  })
              .build(artifact, o);
    } finally {
      client._transport().close();
    }
    PrintWriter out = spec.commandLine().getOut();
    OpenSearchIndexInfo i = r.info();
    if (json.enabled()) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("alias", o.alias());
      map.put("index", i.index());
      map.put("model_id", i.modelId());
      map.put("movies", i.movies());
      map.put("dim", i.dim());
      map.put("replaced", r.replaced());
      map.put("deleted", r.deleted());
      map.put("load_s", r.loadSeconds());
      map.put("green_s", r.greenSeconds());
      map.put("total_s", r.totalSeconds());
      json.print(out, map);
    } else {
      out.printf(
          Locale.ROOT,
          "built %s at %s: %d movies, model %s, dim %d, %d shards x %d replicas; alias %s now points"
              + " at it (was %s)%n"
              + "time: load %.1f s, green %.1f s, total %.1f s%n",
          i.index(),
          config.describe(),
          i.movies(),
          i.modelId(),
          i.dim(),
          shards,
          replicas,
          o.alias(),
          r.replaced().isEmpty() ? "none" : String.join(",", r.replaced()),
          r.loadSeconds(),
          r.greenSeconds(),
          r.totalSeconds());
    }
    out.flush();
    return ExitCode.OK.code();
  }
}
