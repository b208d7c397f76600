package dev.marquee.data.cli;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.JsonOption;
import dev.marquee.data.Dataset;
import dev.marquee.data.DatasetStats;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code data stats}: counts, rating histogram, sparsity and activity percentiles of a dataset. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Print users, movies, ratings, rating histogram, sparsity and ratings-per-user/movie percentiles.")
public final class StatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataDirOptions data;

  @Mixin JsonOption json;

  @Override
  public Integer call() throws Exception {
    Dataset d = data.read(spec);
    DatasetStats s = DatasetStats.of(d);
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      json.print(out, s);
    } else {
      out.print(text(s));
    }
    out.flush();
    if (s.skippedLines() > 0) {
      spec.commandLine()
          .getErr()
          .printf(
              Locale.ROOT, "warning: skipped %,d malformed lines (--lenient)%n", s.skippedLines());
    }
    return ExitCode.OK.code();
  }

  /** The human-readable report. */
  static String text(DatasetStats s) {
    StringBuilder sb = new StringBuilder();
    line(sb, "dataset", s.name() + " (" + s.format() + ")");
    line(sb, "fingerprint", s.fingerprint());
    line(sb, "users", n(s.users()));
    line(sb, "movies", n(s.movies()));
    line(sb, "ratings", n(s.ratings()));
    line(sb, "genres", n(s.genres()));
    line(sb, "occupations", n(s.occupations()));
    line(sb, "scale", fmt(s.minRating()) + ".." + fmt(s.maxRating()));
    line(sb, "mean rating", String.format(Locale.ROOT, "%.3f", s.meanRating()));
    line(sb, "sparsity", String.format(Locale.ROOT, "%.3f%%", 100 * s.sparsity()));
    StringJoiner h = new StringJoiner("  ");
    for (Map.Entry<String, Long> e : s.histogram().entrySet()) {
      h.add(e.getKey() + ": " + String.format(Locale.ROOT, "%,d", e.getValue()));
    }
    line(sb, "histogram", h.toString());
    line(sb, "per user", pct(s.perUser()));
    line(sb, "per movie", pct(s.perMovie()));
    if (s.skippedLines() > 0) {
      line(sb, "skipped", n(s.skippedLines()));
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append(String.format(Locale.ROOT, "%-12s %s%n", key, value));
  }

  private static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String fmt(float f) {
    return f == Math.rint(f) ? Long.toString((long) f) : Float.toString(f);
  }

  private static String pct(DatasetStats.Percentiles p) {
    return "min "
        + n(p.min())
        + "  p50 "
        + n(p.p50())
        + "  p90 "
        + n(p.p90())
        + "  p99 "
        + n(p.p99())
        + "  max "
        + n(p.max());
  }
}
