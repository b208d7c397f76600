package dev.marquee.indexer.cli;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.core.cli.JsonOption;
import dev.marquee.indexer.IndexBuilder;
import dev.marquee.indexer.IndexInfo;
import dev.marquee.indexer.IndexSchema;
import dev.marquee.indexer.MovieIndex;
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

/** {@code indexer info}: what an index holds and how it was built. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show an index's counts, dimension, parameters, model id and size.")
@Exits({ExitCode.INDEX, ExitCode.IO})
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--index",
      required = true,
      paramLabel = "INDEX_DIR",
      description = "Index directory.")
  Path index;

  @Mixin JsonOption json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (MovieIndex mi = MovieIndex.open(index)) {
      IndexInfo i = mi.info();
      long bytes = IndexBuilder.sizeOnDisk(index);
      if (json.enabled()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index.toString());
        m.put("movies", mi.size());
        m.put("segments", mi.segments());
        m.put("bytes", bytes);
        m.put("info", i);
        json.print(out, m);
      } else {
        out.printf(Locale.ROOT, "index:        %s%n", index);
        out.printf(Locale.ROOT, "model id:     %s%n", i.modelId());
        out.printf(
            Locale.ROOT,
            "movies:       %d (%d segment%s)%n",
            mi.size(),
            mi.segments(),
            mi.segments() == 1 ? "" : "s");
        out.printf(
            Locale.ROOT,
            "dimension:    %d (%d factors + bias%s)%n",
            i.dim(),
            i.factors(),
            i.transform() == Transform.COSINE ? " + transform" : "");
        out.printf(
            Locale.ROOT,
            "similarity:   %s, transform %s, max norm %.4f%n",
            i.similarity(),
            i.transform().label(),
            i.maxNorm());
        out.printf(
            Locale.ROOT,
            "hnsw:         M=%d, beam width %d, quantize %s (built with %d threads)%n",
            i.m(),
            i.beamWidth(),
            i.quantize().label(),
            i.buildThreads());
        out.printf(
            Locale.ROOT,
            "format:       %s v%d, Lucene %s, created %s%n",
            IndexSchema.FORMAT,
            i.formatVersion(),
            i.luceneVersion(),
            i.createdAt());
        out.printf(Locale.ROOT, "size on disk: %s (%d bytes)%n", bytes(bytes), bytes);
      }
    }
    out.flush();
    return ExitCode.OK.code();
  }

  static String bytes(long b) {
    return b >= 1 << 20
        ? String.format(Locale.ROOT, "%.1f MB", b / 1e6)
        : String.format(Locale.ROOT, "%.1f kB", b / 1e3);
  }
}
