package dev.marquee.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Train/validation splits of a {@link Dataset}'s ratings. All are deterministic: the same dataset
 * and arguments give the same rows, and both sides keep the dataset's file order.
 */
public final class Splits {
  /** The specs {@link #of} accepts, for messages and help text. */
  public static final String CHOICES =
      "random, u1, u2, u3, u4, u5, ua, ub, temporal, leave-last-n (or leave-last-N, e.g. leave-last-3), none";

  private static final List<String> CANONICAL = List.of("u1", "u2", "u3", "u4", "u5", "ua", "ub");
  private static final Pattern LEAVE_LAST = Pattern.compile("leave-last-(n|[0-9]{1,9})");

  private Splits() {}

  /**
   * Exactly {@code round(n * validFraction)} rows, chosen uniformly at random, go to valid.
   * Selection sampling (Knuth's Algorithm S) with a SplitMix64 stream: O(n), no shuffle array, and
   * the same rows on every JDK for a given seed.
   */
  public static Split random(Dataset d, double validFraction, long seed) {
    int n = d.ratings().size();
    int k = validCount(n, validFraction);
    SplitMix64 rng = new SplitMix64(seed);
    BitSet valid = new BitSet(n);
    int needed = k;
    for (int i = 0; i < n && needed > 0; i++) {
      // Take row i with probability needed / remaining: exactly k rows end up chosen.
      if (rng.nextDouble() * (n - i) < needed) {
        valid.set(i);
        needed--;
      }
    }
    return split("random", d.ratings(), valid);
  }

  /**
   * The ML-100K split {@code name} ("u1".."u5", "ua", "ub"): its {@code .base} file is train and
   * its {@code .test} file valid, read from {@code d.dir()} and mapped through d's id maps.
   *
   * @throws IllegalArgumentException for any other name
   * @throws UncheckedIOException wrapping a {@link DataFormatException} when a file is missing or
   *     malformed, or holds an id the dataset lacks
   */
  public static Split canonical(Dataset d, String name) {
    if (!CANONICAL.contains(name)) {
      throw new IllegalArgumentException(
          "canonical split must be one of "
              + String.join(", ", CANONICAL)
              + "; got '"
              + name
              + "'");
    }
    try {
      return new Split(name, readSplitFile(d, name + ".base"), readSplitFile(d, name + ".test"));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static Ratings readSplitFile(Dataset d, String file) throws IOException {
    Path p = d.dir().resolve(file);
    if (!Files.isRegularFile(p)) {
      throw new DataFormatException(
          d.dir().toString(),
          0,
          "missing "
              + file
              + " (canonical splits u1..u5, ua, ub come with ML-100K; this dataset is "
              + d.format()
              + ")");
    }
    return RatingsParser.parse(
        p,
        RatingsParser.Layout.of(DatasetFormat.ML_100K),
        d.userIds(),
        "the dataset's users",
        d.movieIds(),
        "the dataset's movies",
        d.minRating(),
        d.maxRating(),
        new Problems(false),
        null);
  }

  /**
   * A global time cut: the last {@code round(n * validFraction)} ratings by timestamp go to valid;
   * among equal timestamps the later in file order goes to valid first.
   */
  public static Split temporal(Dataset d, double validFraction) {
    Ratings r = d.ratings();
    int n = r.size();
    int k = validCount(n, validFraction);
    BitSet valid = new BitSet(n);
    if (k > 0) {
      long[] ts = r.timestamp();
      long[] sorted = ts.clone();
      Arrays.sort(sorted);
      long cut = sorted[n - k]; // the k-th largest timestamp
      int above = 0;
      for (int i = 0; i < n; i++) {
        if (ts[i] > cut) {
          valid.set(i);
          above++;
        }
      }
      int atCut = k - above; // the last atCut rows with ts == cut, in file order
      for (int i = n - 1; i >= 0 && atCut > 0; i--) {
        if (ts[i] == cut) {
          valid.set(i);
          atCut--;
        }
      }
    }
    return split("temporal", r, valid);
  }

  /**
   * Per user, the last {@code n} ratings by timestamp (ties: later in file order) go to valid;
   * users with {@code n} or fewer ratings keep them all in train.
   */
  public static Split leaveLastN(Dataset d, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1; n=" + n);
    }
    Ratings r = d.ratings();
    int size = r.size();
    int users = d.userIds().size();
    // Counting sort of row numbers by user (stable: file order within a user).
    int[] offset = new int[users + 1];
    for (int u : r.user()) {
      offset[u + 1]++;
    }
    for (int u = 0; u < users; u++) {
      offset[u + 1] += offset[u];
    }
    int[] rows = new int[size];
    int[] fill = Arrays.copyOf(offset, users);
    for (int i = 0; i < size; i++) {
      rows[fill[r.user()[i]]++] = i;
    }
    long[] ts = r.timestamp();
    BitSet valid = new BitSet(size);
    long[] scratch = new long[0];
    for (int u = 0; u < users; u++) {
      int from = offset[u];
      int to = offset[u + 1];
      int count = to - from;
      if (count <= n) {
        continue;
      }
      if (scratch.length < count) {
        scratch = new long[count];
      }
      for (int j = 0; j < count; j++) {
        scratch[j] = ts[rows[from + j]];
      }
      Arrays.sort(scratch, 0, count);
      long cut = scratch[count - n];
      int above = 0;
      for (int j = from; j < to; j++) {
        if (ts[rows[j]] > cut) {
          valid.set(rows[j]);
          above++;
        }
      }
      int atCut = n - above;
      for (int j = to - 1; j >= from && atCut > 0; j--) {
        if (ts[rows[j]] == cut) {
          valid.set(rows[j]);
          atCut--;
        }
      }
    }
    return split("leave-last-" + n, r, valid);
  }

  /** All ratings in train, valid empty. */
  public static Split none(Dataset d) {
    return new Split("none", d.ratings(), Ratings.empty());
  }

  /**
   * The split named by {@code spec}: {@code random}, {@code u1}..{@code u5}, {@code ua}, {@code
   * ub}, {@code temporal}, {@code leave-last-n} (n = 1) or {@code leave-last-N}, {@code none}.
   * {@code validFraction} applies to random and temporal, {@code seed} to random.
   *
   * @throws IllegalArgumentException naming the value and the choices for an unknown spec
   */
  public static Split of(Dataset d, String spec, double validFraction, long seed) {
    String s = spec == null ? "" : spec.strip();
    if (s.equals("random")) {
      return random(d, validFraction, seed);
    }
    if (CANONICAL.contains(s)) {
      return canonical(d, s);
    }
    if (s.equals("temporal")) {
      return temporal(d, validFraction);
    }
    if (s.equals("none")) {
      return none(d);
    }
    Matcher m = LEAVE_LAST.matcher(s);
    if (m.matches()) {
      return leaveLastN(d, m.group(1).equals("n") ? 1 : Integer.parseInt(m.group(1)));
    }
    throw new IllegalArgumentException("unknown split '" + spec + "'; choose one of " + CHOICES);
  }

  private static int validCount(int n, double validFraction) {
    if (!(validFraction >= 0 && validFraction <= 1)) {
      throw new IllegalArgumentException(
          "validFraction must be in [0, 1]; validFraction=" + validFraction);
    }
    return (int) Math.round(n * validFraction);
  }

  private static Split split(String name, Ratings r, BitSet valid) {
    return new Split(name, r.select(valid, false), r.select(valid, true));
  }
}
