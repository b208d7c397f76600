package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/**
 * Regression targets kept as data, one YAML file per dataset under {@code
 * src/test/resources/regressions} (the file's header says what each field means), as anserini keeps
 * its expected metrics. {@link #load} checks the whole file and names the file, line and key of the
 * first problem, so a typo fails loudly instead of silently checking less.
 *
 * @param runs training runs, each with its metric targets
 * @param means targets on the mean of a metric over several runs
 */
record RegressionTargets(List<Run> runs, List<Mean> means) {
  RegressionTargets {
    runs = List.copyOf(require(runs, "runs"));
    means = means == null ? List.of() : List.copyOf(means);
  }

  /**
   * One training run.
   *
   * @param name unique, for messages and {@link Mean#runs}
   * @param split the split spec ({@code random}, {@code u1}, ...)
   * @param seed seed of the split and the model
   * @param abovePopularity metrics in which the model must beat the most-popular-unseen chart
   * @param metrics targets by metric name (the names of {@code --metrics-json})
   */
  record Run(
      String name,
      String split,
      Long seed,
      List<String> abovePopularity,
      Map<String, Target> metrics) {
    Run {
      require(name, "name");
      require(split, "split");
      require(seed, "seed");
      abovePopularity = abovePopularity == null ? List.of() : List.copyOf(abovePopularity);
      metrics = Map.copyOf(require(metrics, "metrics"));
    }
  }

  /**
   * The mean of each metric over {@code runs}.
   *
   * @param name for messages
   * @param runs names of runs in the same file
   * @param metrics targets by metric name
   */
  record Mean(String name, List<String> runs, Map<String, Target> metrics) {
    Mean {
      require(name, "name");
      runs = List.copyOf(require(runs, "runs"));
      metrics = Map.copyOf(require(metrics, "metrics"));
    }
  }

  /**
   * One metric's target.
   *
   * @param expected the measured value
   * @param tolerance how far a run may land from it
   * @param min the lower bar, or null
   * @param max the upper bar, or null
   */
  record Target(Double expected, Double tolerance, Double min, Double max) {
    Target {
      require(expected, "expected");
      if (!(require(tolerance, "tolerance") >= 0)) {
        throw new IllegalArgumentException("tolerance must be >= 0; tolerance=" + tolerance);
      }
    }

    /** Assertions of {@code value} against this target; messages start with {@code where}. */
    List<Executable> checks(String where, double value) {
      List<Executable> c = new ArrayList<>();
      if (min != null) {
        c.add(
            () ->
                assertTrue(
                    value >= min, () -> where + ": " + fmt(value) + " is below the bar " + min));
      }
      if (max != null) {
        c.add(
            () ->
                assertTrue(
                    value <= max, () -> where + ": " + fmt(value) + " is above the bar " + max));
      }
      c.add(
          () ->
              assertEquals(
                  expected,
                  value,
                  tolerance,
                  () -> where + ": " + fmt(value) + ", expected " + expected + " ± " + tolerance));
      return c;
    }
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** {@link #read} of {@code resource} on the test classpath. */
  static RegressionTargets load(String resource, Set<String> metricNames) {
    try (InputStream in = RegressionTargets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + ": not found on the test classpath");
      }
      return read(resource, in, metricNames);
    } catch (IOException ex) {
      throw new IllegalStateException(resource + ": " + ex.getMessage(), ex);
    }
  }

  /**
   * Parses a targets file and checks that every metric is one of {@code metricNames}, run names are
   * unique and every mean's runs exist.
   *
   * @throws IllegalStateException naming {@code file} (and the line and key where there is one) of
   *     a malformed file
   */
  static RegressionTargets read(String file, InputStream in, Set<String> metricNames) {
    RegressionTargets t;
    try {
      t = YAML.readValue(in, RegressionTargets.class);
    } catch (JsonMappingException ex) {
      throw new IllegalStateException(file + where(ex) + ": " + problem(ex), ex);
    } catch (IOException ex) {
      throw new IllegalStateException(file + ": " + ex.getMessage(), ex);
    }
    if (t == null) {
      throw new IllegalStateException(file + ": empty");
    }
    Set<String> names = new HashSet<>();
    for (Run r : t.runs()) {
      if (!names.add(r.name())) {
        throw new IllegalStateException(file + ": runs: two runs are named " + r.name());
      }
      checkMetrics(file, "runs[" + r.name() + "].metrics", r.metrics().keySet(), metricNames);
      checkMetrics(
          file, "runs[" + r.name() + "].above_popularity", r.abovePopularity(), metricNames);
    }
    for (Mean m : t.means()) {
      checkMetrics(file, "means[" + m.name() + "].metrics", m.metrics().keySet(), metricNames);
      for (String r : m.runs()) {
        if (!names.contains(r)) {
          throw new IllegalStateException(
              file
                  + ": means["
                  + m.name()
                  + "].runs: no run is named "
                  + r
                  + " (runs: "
                  + names
                  + ")");
        }
      }
    }
    return t;
  }

  private static void checkMetrics(
      String file, String key, Collection<String> metrics, Set<String> known) {
    for (String m : metrics) {
      if (!known.contains(m)) {
        throw new IllegalStateException(
            file
                + ": "
                + key
                + ": unknown metric "
                + m
                + " (known: "
                + known.stream().sorted().collect(Collectors.joining(", "))
                + ")");
      }
    }
  }

  /** ":LINE: KEY" of a Jackson error, e.g. ":19: runs[3].metrics.valid_rmse". */
  private static String where(JsonMappingException ex) {
    StringBuilder key = new StringBuilder();
    for (var ref : ex.getPath()) {
      if (ref.getFieldName() != null) {
        key.append(key.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        key.append('[').append(ref.getIndex()).append(']');
      }
    }
    String line = ex.getLocation() == null ? "" : ":" + ex.getLocation().getLineNr();
    return line + (key.isEmpty() ? "" : ": " + key);
  }

  /** The reason alone: a constructor's message, or Jackson's first line without the type names. */
  private static String problem(JsonMappingException ex) {
    if (ex instanceof ValueInstantiationException && ex.getCause() != null) {
      return ex.getCause().getMessage();
    }
    return ex.getOriginalMessage()
        .lines()
        .findFirst()
        .orElse("")
        .replaceAll(" \\(class [^)]*\\)", "");
  }

  private static <T> T require(T value, String key) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is missing");
    }
    return value;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
