package dev.marquee.client;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A load test's summary, in milliseconds: what ran, count, time, rate, latency percentiles, a
 * ten-bucket histogram and the count of each status code. Printed as text (ghz-like) or, with
 * {@code --json}, as this record in snake_case.
 */
record BenchReport(
    String call,
    String target,
    int concurrency,
    int connections,
    Double rateLimit,
    long warmup,
    long count,
    long errors,
    double totalMs,
    double callsPerSecond,
    Latency latencyMs,
    List<Bucket> histogram,
    // Text lists the codes in gRPC's order; JSON, like every map the client prints, by name.
    @JsonFormat(with = JsonFormat.Feature.WRITE_SORTED_MAP_ENTRIES) Map<String, Long> statusCodes,
    @JsonFormat(with = JsonFormat.Feature.WRITE_SORTED_MAP_ENTRIES)
        Map<String, String> errorSamples) {

  static final int BUCKETS = 10;
  private static final int BAR_WIDTH = 40;

  /** Latency percentiles in milliseconds (all zero when nothing was measured). */
  record Latency(
      double min, double mean, double p50, double p90, double p95, double p99, double max) {}

  /** Calls whose latency is at most {@code upToMs} and above the previous bucket's bound. */
  record Bucket(double upToMs, long count) {}

  static BenchReport of(
      String call,
      String target,
      LoadGenerator.Plan plan,
      int connections,
      LoadGenerator.Result r) {
    Histogram h = r.latencies();
    Latency latency =
        h.getTotalCount() == 0
            ? new Latency(0, 0, 0, 0, 0, 0, 0)
            : new Latency(
                ms(h.getMinValue()),
                h.getMean() / 1e6,
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getMaxValue()));
    Map<String, Long> codes = new LinkedHashMap<>();
    Map<String, String> samples = new LinkedHashMap<>();
    long errors = 0;
    for (Status.Code code : Status.Code.values()) {
      long n = r.statusCounts()[code.value()];
      if (n > 0) {
        codes.put(code.name(), n);
        if (code != Status.Code.OK) {
          errors += n;
          Status first = r.firstStatus()[code.value()];
          samples.put(code.name(), first == null ? "" : describe(first));
        }
      }
    }
    double seconds = r.elapsedNanos() / 1e9;
    return new BenchReport(
        call,
        target,
        plan.concurrency(),
        connections,
        plan.rate(),
        plan.warmup(),
        r.count(),
        errors,
        r.elapsedNanos() / 1e6,
        seconds > 0 ? r.count() / seconds : 0,
        latency,
        buckets(h),
        codes,
        samples);
  }

  /** The status as gRPC prints it: description, then the cause's message when there is one. */
  static String describe(Status s) {
    String d = s.getDescription() == null ? "" : s.getDescription();
    if (s.getCause() != null && s.getCause().getMessage() != null) {
      d = d.isEmpty() ? s.getCause().getMessage() : d + ": " + s.getCause().getMessage();
    }
    return d;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** Ten equal-width buckets from the fastest to the slowest call. */
  static List<Bucket> buckets(Histogram h) {
    List<Bucket> out = new ArrayList<>();
    if (h.getTotalCount() == 0) {
      return out;
    }
    long min = h.getMinValue();
    long max = h.getMaxValue();
    int n = h.valuesAreEquivalent(min, max) ? 1 : BUCKETS;
    double step = (double) (max - min) / n;
    long[] counts = new long[n];
    for (HistogramIterationValue v : h.recordedValues()) {
      long value = Math.min(max, Math.max(min, v.getValueIteratedTo()));
      int i = step == 0 ? 0 : (int) Math.min(n - 1, Math.ceil((value - min) / step) - 1);
      counts[Math.max(0, i)] += v.getCountAddedInThisIterationStep();
    }
    for (int i = 0; i < n; i++) {
      out.add(new Bucket(ms(min + Math.round(step * (i + 1))), counts[i]));
    }
    return out;
  }

  String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("Summary:\n");
    kv(sb, "Call", call);
    kv(
        sb,
        "Target",
        target
            + ", "
            + connections
            + (connections == 1 ? " connection, " : " connections, ")
            + concurrency
            + " concurrent"
            + (rateLimit == null ? "" : ", " + num(rateLimit, 1) + " calls/s limit"));
    if (warmup > 0) {
      kv(sb, "Warmup", warmup + " calls (not counted)");
    }
    kv(sb, "Count", Long.toString(count));
    kv(sb, "Total", num(totalMs, 2) + " ms");
    kv(sb, "Calls/s", num(callsPerSecond, 2));
    kv(sb, "Errors", errors + (count == 0 ? "" : " (" + num(100.0 * errors / count, 2) + "%)"));
    sb.append("\nLatency (ms):\n");
    Table t =
        new Table()
            .right("min")
            .right("mean")
            .right("p50")
            .right("p90")
            .right("p95")
            .right("p99")
            .right("max");
    Latency l = latencyMs;
    t.row(
        num(l.min(), 3),
        num(l.mean(), 3),
        num(l.p50(), 3),
        num(l.p90(), 3),
        num(l.p95(), 3),
        num(l.p99(), 3),
        num(l.max(), 3));
    for (String line : t.render().split("\n")) {
      sb.append("  ").append(line).append('\n');
    }
    if (!histogram.isEmpty()) {
      sb.append("\nHistogram (ms, up to):\n");
      long most = histogram.stream().mapToLong(Bucket::count).max().orElse(1);
      Table ht = new Table().right("ms").right("calls").left("");
      for (Bucket b : histogram) {
        int bar = most == 0 ? 0 : (int) Math.round((double) b.count() * BAR_WIDTH / most);
        ht.row(num(b.upToMs(), 3), "[" + b.count() + "]", "|" + "#".repeat(bar));
      }
      String[] lines = ht.render().split("\n");
      for (int i = 1; i < lines.length; i++) { // no header line
        sb.append("  ").append(lines[i]).append('\n');
      }
    }
    sb.append("\nStatus codes:\n");
    if (statusCodes.isEmpty()) {
      sb.append("  (no calls)\n");
    }
    Table st = new Table().left("code").right("calls");
    statusCodes.forEach((code, n) -> st.row("[" + code + "]", n));
    String[] lines = st.render().split("\n");
    for (int i = 1; i < lines.length; i++) {
      sb.append("  ").append(lines[i]).append('\n');
    }
    if (!errorSamples.isEmpty()) {
      sb.append("\nFirst error of each code:\n");
      errorSamples.forEach(
          (code, text) -> sb.append("  [").append(code).append("] ").append(text).append('\n'));
    }
    return sb.toString();
  }

  private static void kv(StringBuilder sb, String key, String value) {
    sb.append(String.format(Locale.ROOT, "  %-9s %s\n", key + ":", value));
  }

  private static String num(double v, int digits) {
    return Table.decimals(v, digits);
  }
}
