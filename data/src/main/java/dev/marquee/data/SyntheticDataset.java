package dev.marquee.data;

import dev.marquee.core.AtomicDirectory;
import dev.marquee.core.Genres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a MovieLens-format dataset with planted structure, for tests and benchmarks where the
 * right answer must be known.
 *
 * <p>Model: every user u and movie m get a bias and a k-dimensional factor vector (normal, scaled
 * so the dot product has standard deviation ~0.8); a rating is {@code round(clamp(mu + b_u + b_m +
 * p_u . q_m + N(0, noise^2), 1, 5))} with mu = 3.6 and noise {@link SynthConfig#noise()} (0.5 by
 * default). Movie popularity follows a Zipf law (weight 1 / rank, ranks a random permutation of the
 * ids); ratings per user are log-normal (at least 1 when there are as many ratings as users). Which
 * movies a user rates: drawn by popularity alone (the default), or with {@link SynthConfig#taste()}
 * > 0 by weight {@code popularity * exp(taste * p_u . q_m)}, without replacement (Gumbel top-k), so
 * that what a user chooses, not only how they rate it, carries their taste. Genres ({@link
 * Genres#MOVIELENS}; "unknown" is never planted) and demographics are read off the factors: a movie
 * has genre g when its factors point along g's random direction (plus noise; at least one genre), a
 * user's age, gender and occupation likewise, so feature towers have signal to find. Release years
 * and timestamps are noise.
 *
 * <p>Streaming: users are generated one at a time from their own seeded stream and written at once,
 * so memory is O(users + movies * factors) whatever the number of ratings. Every random number
 * comes from {@link SplitMix64} and doubles go through {@link StrictMath}: the same config gives
 * the same bytes on every JDK and machine.
 *
 * <p>Files: ML-100K format writes {@code u.data}, {@code u.item}, {@code u.user}, {@code u.genre},
 * {@code u.occupation}, {@code u.info}; CSV writes {@code ratings.csv}, {@code movies.csv}. Both
 * write {@link PlantedModel#FILE} (format in {@link PlantedModel}). The directory is written
 * through {@link AtomicDirectory}: it appears complete or not at all.
 */
public final class SyntheticDataset {
  /** ML-100K's occupations. */
  public static final List<String> OCCUPATIONS =
      List.of(
          "administrator",
          "artist",
          "doctor",
          "educator",
          "engineer",
          "entertainment",
          "executive",
          "healthcare",
          "homemaker",
          "lawyer",
          "librarian",
          "marketing",
          "none",
          "other",
          "programmer",
          "retired",
          "salesman",
          "scientist",
          "student",
          "technician",
          "writer");

  static final double MU = 3.6;
  private static final double USER_BIAS_SD = 0.35;
  private static final double MOVIE_BIAS_SD = 0.5;
  private static final double DOT_SD = 0.8;
  private static final double ZIPF_EXPONENT = 1.0;
  private static final double ACTIVITY_SIGMA = 1.0;
  private static final long T0 = 946_684_800L; // 2000-01-01T00:00:00Z
  private static final long SPAN = 10L * 365 * 86_400;

  // Independent streams, so changing one part of the generator leaves the others' numbers alone.
  private static final long STREAM_MOVIES = 1;
  private static final long STREAM_POPULARITY = 2;
  private static final long STREAM_ACTIVITY = 3;
  private static final long STREAM_DIRECTIONS = 4;
  private static final long STREAM_USER_BASE = 1L << 40;

  private SyntheticDataset() {}

  /**
   * Generates {@code cfg}'s dataset into {@code out}, which must not exist or be an empty
   * directory; returns {@code out}.
   */
  public static Path write(Path out, SynthConfig cfg) throws IOException {
    if (Files.exists(out) && !AtomicDirectory.isEmpty(out)) {
      throw new DataFormatException(
          out.toString(), 0, "already exists and is not empty; refusing to overwrite");
    }
    try (AtomicDirectory dir = AtomicDirectory.create(out)) {
      new Generator(cfg).writeTo(dir.dir());
      dir.publish();
    }
    return out;
  }

  private static final class Generator {
    private final SynthConfig cfg;
    private final int k;
    private final double factorSd;
    private final float[] movieBias;
    private final float[] movieFactors;
    private final double[] genreDir; // genres * k, unit rows
    private final double[] occupationDir; // OCCUPATIONS.size() * k, unit rows
    private final double[] cdf; // popularity CDF by movie index
    private final double[] logWeight; // log popularity weight by movie index
    private final int[] byRank; // movie index of popularity rank r
    private final int[] perUser;

    Generator(SynthConfig cfg) {
      this.cfg = cfg;
      this.k = cfg.factors();
      // Each factor N(0, s^2): a dot product of k such pairs has sd s^2 sqrt(k) = DOT_SD.
      this.factorSd = Math.sqrt(DOT_SD / Math.sqrt(k));
      int movies = cfg.movies();

      SplitMix64 dirs = SplitMix64.derive(cfg.seed(), STREAM_DIRECTIONS);
      genreDir = unitRows(dirs, Genres.MOVIELENS.size());
      occupationDir = unitRows(dirs, OCCUPATIONS.size());

      SplitMix64 mr = SplitMix64.derive(cfg.seed(), STREAM_MOVIES);
      movieBias = new float[movies];
      movieFactors = new float[movies * k];
      for (int m = 0; m < movies; m++) {
        movieBias[m] = (float) (MOVIE_BIAS_SD * mr.nextGaussian());
        for (int j = 0; j < k; j++) {
          movieFactors[m * k + j] = (float) (factorSd * mr.nextGaussian());
        }
      }

      SplitMix64 pr = SplitMix64.derive(cfg.seed(), STREAM_POPULARITY);
      byRank = new int[movies];
      for (int i = 0; i < movies; i++) {
        byRank[i] = i;
      }
      for (int i = movies - 1; i > 0; i--) { // Fisher-Yates
        int j = pr.nextInt(i + 1);
        int t = byRank[i];
        byRank[i] = byRank[j];
        byRank[j] = t;
      }
      double[] weight = new double[movies];
      for (int r = 0; r < movies; r++) {
        weight[byRank[r]] = 1.0 / StrictMath.pow(r + 1, ZIPF_EXPONENT);
      }
      cdf = new double[movies];
      logWeight = new double[movies];
      double acc = 0;
      for (int m = 0; m < movies; m++) {
        acc += weight[m];
        cdf[m] = acc;
        logWeight[m] = StrictMath.log(weight[m]);
      }
      for (int m = 0; m < movies; m++) {
        cdf[m] /= acc;
      }
      perUser = allocate(cfg, SplitMix64.derive(cfg.seed(), STREAM_ACTIVITY));
    }

    private double[] unitRows(SplitMix64 r, int rows) {
      double[] d = new double[rows * k];
      for (int i = 0; i < rows; i++) {
        double norm = 0;
        for (int j = 0; j < k; j++) {
          d[i * k + j] = r.nextGaussian();
          norm += d[i * k + j] * d[i * k + j];
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < k; j++) {
          d[i * k + j] /= norm;
        }
      }
      return d;
    }

    /**
     * Ratings per user: log-normal activity, each user at least 1 (when ratings >= users) and at
     * most {@code movies}; shares above the cap are poured into the others (water-filling), then
     * cumulative rounding makes the total exact.
     */
    private static int[] allocate(SynthConfig cfg, SplitMix64 r) {
      int users = cfg.users();
      int cap = cfg.movies();
      double[] w = new double[users];
      for (int u = 0; u < users; u++) {
        w[u] = StrictMath.exp(ACTIVITY_SIGMA * r.nextGaussian());
      }
      int base = cfg.ratings() >= users ? 1 : 0;
      int[] count = new int[users];
      Arrays.fill(count, base);
      long remaining = cfg.ratings() - (long) base * users;
      boolean[] capped = new boolean[users];
      while (true) {
        double sum = 0;
        for (int u = 0; u < users; u++) {
          if (!capped[u]) {
            sum += w[u];
          }
        }
        boolean changed = false;
        for (int u = 0; u < users; u++) {
          if (!capped[u] && remaining * w[u] / sum > cap - base) {
            capped[u] = true;
            count[u] = cap;
            remaining -= cap - base;
            changed = true;
          }
        }
        if (!changed) {
          // Cumulative rounding over the uncapped users: each gets floor or ceil of its share.
          double prefix = 0;
          long given = 0;
          int last = -1;
          for (int u = 0; u < users; u++) {
            if (!capped[u]) {
              last = u;
            }
          }
          for (int u = 0; u < users; u++) {
            if (capped[u]) {
              continue;
            }
            prefix += w[u];
            long upTo = u == last ? remaining : (long) Math.floor(remaining * (prefix / sum));
            upTo = Math.min(remaining, Math.max(given, upTo));
            count[u] += (int) (upTo - given);
            given = upTo;
          }
          return count;
        }
      }
    }

    void writeTo(Path dir) throws IOException {
      boolean csv = cfg.format() == DatasetFormat.CSV;
      Charset text = csv ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
      writeVocabularies(dir, csv);
      try (BufferedWriter planted =
          writer(dir.resolve(PlantedModel.FILE), StandardCharsets.UTF_8)) {
        planted.write("# Marquee synthetic dataset, planted model (format 1)\n");
        planted.write(
            "# score(u, m) = mu + user bias + movie bias + user factors . movie factors;"
                + " rating = round(clamp(score + N(0, noise^2), 1, 5))\n");
        planted.write(
            "mu\t"
                + MU
                + "\nnoise\t"
                + cfg.noise()
                + "\nfactors\t"
                + k
                + "\nseed\t"
                + cfg.seed()
                + "\n");
        if (cfg.taste() > 0) { // absent means 0: files of popularity-only configs stay as they were
          planted.write("taste\t" + cfg.taste() + "\n");
        }
        writeMovies(dir, csv, text, planted);
        writeUsersAndRatings(dir, csv, planted);
      }
      if (!csv) {
        try (BufferedWriter info = writer(dir.resolve("u.info"), text)) {
          info.write(
              cfg.users() + " users\n" + cfg.movies() + " items\n" + cfg.ratings() + " ratings\n");
        }
      }
    }

    private void writeVocabularies(Path dir, boolean csv) throws IOException {
      if (csv) {
        return;
      }
      try (BufferedWriter w = writer(dir.resolve("u.genre"), StandardCharsets.ISO_8859_1)) {
        for (int g = 0; g < Genres.MOVIELENS.size(); g++) {
          w.write(Genres.MOVIELENS.get(g) + "|" + g + "\n");
        }
      }
      try (BufferedWriter w = writer(dir.resolve("u.occupation"), StandardCharsets.ISO_8859_1)) {
        for (String o : OCCUPATIONS) {
          w.write(o + "\n");
        }
      }
    }

    private void writeMovies(Path dir, boolean csv, Charset cs, Writer planted) throws IOException {
      SplitMix64 r = SplitMix64.derive(cfg.seed(), STREAM_MOVIES + 100);
      try (BufferedWriter w = writer(dir.resolve(csv ? "movies.csv" : "u.item"), cs)) {
        if (csv) {
          w.write("movieId,title,genres\n");
        }
        StringBuilder sb = new StringBuilder(256);
        for (int m = 0; m < cfg.movies(); m++) {
          long id = m + 1;
          boolean[] has = new boolean[Genres.MOVIELENS.size()];
          int best = 1;
          double bestZ = Double.NEGATIVE_INFINITY;
          int n = 0;
          for (int g = 1; g < Genres.MOVIELENS.size(); g++) {
            double z = dot(movieFactors, m, genreDir, g) / factorSd + 0.5 * r.nextGaussian();
            if (z > 1.3) {
              has[g] = true;
              n++;
            }
            if (z > bestZ) {
              bestZ = z;
              best = g;
            }
          }
          if (n == 0) {
            has[best] = true;
          }
          int year =
              (int)
                  Math.max(
                      1920,
                      Math.min(
                          2020,
                          Math.round(
                              1990
                                  + 8 * movieFactors[m * k + k - 1] / factorSd
                                  + 6 * r.nextGaussian())));
          // Every tenth title carries an accent so encodings get exercised.
          String title = (id % 10 == 0 ? "Café Movie " : "Movie ") + id + " (" + year + ")";
          sb.setLength(0);
          if (csv) {
            sb.append(id).append(',').append(csvQuote(title)).append(',');
            boolean first = true;
            for (int g = 1; g < Genres.MOVIELENS.size(); g++) {
              if (has[g]) {
                sb.append(first ? "" : "|").append(Genres.MOVIELENS.get(g));
                first = false;
              }
            }
          } else {
            sb.append(id)
                .append('|')
                .append(title)
                .append("|01-Jan-")
                .append(year)
                .append("||http://example.invalid/movie/")
                .append(id);
            for (int g = 0; g < Genres.MOVIELENS.size(); g++) {
              sb.append(has[g] ? "|1" : "|0");
            }
          }
          w.write(sb.append('\n').toString());
          planted.write(factorLine("movie", id, movieBias[m], movieFactors, m));
        }
      }
    }

    private void writeUsersAndRatings(Path dir, boolean csv, Writer planted) throws IOException {
      int movies = cfg.movies();
      int[] stamp = new int[movies]; // stamp[m] == u + 1: user u already rated m
      float[] pu = new float[k];
      try (BufferedWriter ratings =
              writer(dir.resolve(csv ? "ratings.csv" : "u.data"), StandardCharsets.UTF_8);
          BufferedWriter users =
              csv ? null : writer(dir.resolve("u.user"), StandardCharsets.ISO_8859_1)) {
        if (csv) {
          ratings.write("userId,movieId,rating,timestamp\n");
        }
        StringBuilder sb = new StringBuilder(64);
        for (int u = 0; u < cfg.users(); u++) {
          long id = u + 1;
          SplitMix64 r = SplitMix64.derive(cfg.seed(), STREAM_USER_BASE + u);
          float bu = (float) (USER_BIAS_SD * r.nextGaussian());
          for (int j = 0; j < k; j++) {
            pu[j] = (float) (factorSd * r.nextGaussian());
          }
          planted.write(factorLine("user", id, bu, pu, 0));

          int age =
              (int)
                  Math.max(
                      7,
                      Math.min(73, Math.round(32 + 9 * pu[0] / factorSd + 6 * r.nextGaussian())));
          String gender =
              pu[Math.min(1, k - 1)] / factorSd + 0.7 * r.nextGaussian() > -0.5 ? "M" : "F";
          int occ = 0;
          double bestZ = Double.NEGATIVE_INFINITY;
          for (int o = 0; o < OCCUPATIONS.size(); o++) {
            double z = dot(pu, 0, occupationDir, o) / factorSd + 0.8 * r.nextGaussian();
            if (z > bestZ) {
              bestZ = z;
              occ = o;
            }
          }
          int zip = r.nextInt(100_000);
          if (users != null) {
            users.write(
                String.format(
                    java.util.Locale.ROOT,
                    "%d|%d|%s|%s|%05d\n",
                    id,
                    age,
                    gender,
                    OCCUPATIONS.get(occ),
                    zip));
          }

          int want = perUser[u];
          long t = T0 + (long) (r.nextDouble() * SPAN);
          int[] byTaste = cfg.taste() > 0 ? byTaste(pu, want, r) : null;
          int got = 0;
          int tries = 0;
          int walk = 0;
          int budget = 4 * want + 64;
          while (got < want) {
            int m;
            if (byTaste != null) {
              m = byTaste[got];
            } else if (tries++ < budget) {
              m = sample(r.nextDouble());
              if (stamp[m] == u + 1) {
                continue;
              }
            } else {
              // Heavy user: rejection got slow, take the most popular movies not yet rated.
              while (stamp[byRank[walk]] == u + 1) {
                walk++;
              }
              m = byRank[walk];
            }
            stamp[m] = u + 1;
            got++;
            double score = MU + bu + movieBias[m] + dot(pu, 0, movieFactors, m);
            double noisy = score + cfg.noise() * r.nextGaussian();
            int rating = (int) Math.floor(Math.max(1, Math.min(5, noisy)) + 0.5);
            t += 60 + (long) (-StrictMath.log(1 - r.nextDouble()) * 86_400);
            sb.setLength(0);
            if (csv) {
              sb.append(id)
                  .append(',')
                  .append(m + 1)
                  .append(',')
                  .append(rating)
                  .append(".0,")
                  .append(t);
            } else {
              sb.append(id)
                  .append('\t')
                  .append(m + 1)
                  .append('\t')
                  .append(rating)
                  .append('\t')
                  .append(t);
            }
            ratings.write(sb.append('\n').toString());
          }
        }
      }
    }

    /**
     * {@code want} distinct movies drawn with weight {@code popularity * exp(taste * p_u . q_m)}
     * without replacement: the {@code want} largest of log weight + Gumbel noise (Gumbel top-k), in
     * a random order so that timestamps carry no preference. O(movies * factors) per user.
     */
    private int[] byTaste(float[] pu, int want, SplitMix64 r) {
      int movies = cfg.movies();
      double[] key = new double[movies];
      for (int m = 0; m < movies; m++) {
        double gumbel =
            -StrictMath.log(-StrictMath.log(r.nextDouble() + 0x1p-54)); // uniform in (0, 1)
        key[m] = logWeight[m] + cfg.taste() * dot(pu, 0, movieFactors, m) + gumbel;
      }
      int[] heap = new int[want]; // min-heap by key of the best movies so far
      int size = 0;
      for (int m = 0; m < movies; m++) {
        if (size < want) {
          heap[size] = m;
          for (int i = size++; i > 0 && key[heap[i]] < key[heap[(i - 1) / 2]]; i = (i - 1) / 2) {
            swap(heap, i, (i - 1) / 2);
          }
        } else if (want > 0 && key[m] > key[heap[0]]) {
          heap[0] = m;
          for (int i = 0; ; ) {
            int least = i;
            for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
              least = key[heap[c]] < key[heap[least]] ? c : least;
            }
            if (least == i) {
              break;
            }
            swap(heap, i, least);
            i = least;
          }
        }
      }
      for (int i = want - 1; i > 0; i--) { // Fisher-Yates
        swap(heap, i, r.nextInt(i + 1));
      }
      return heap;
    }

    private static void swap(int[] a, int i, int j) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }

    private int sample(double x) {
      int i = Arrays.binarySearch(cdf, x);
      i = i >= 0 ? i + 1 : -i - 1;
      return Math.min(i, cdf.length - 1);
    }

    private double dot(float[] a, int row, double[] dirs, int dirRow) {
      double s = 0;
      for (int j = 0; j < k; j++) {
        s += a[row * k + j] * dirs[dirRow * k + j];
      }
      return s;
    }

    private double dot(float[] a, int row, float[] b, int bRow) {
      double s = 0;
      for (int j = 0; j < k; j++) {
        s += (double) a[row * k + j] * b[bRow * k + j];
      }
      return s;
    }

    private String factorLine(String kind, long id, float bias, float[] f, int row) {
      StringBuilder sb = new StringBuilder(16 + 12 * k);
      sb.append(kind).append('\t').append(id).append('\t').append(bias);
      for (int j = 0; j < k; j++) {
        sb.append('\t').append(f[row * k + j]);
      }
      return sb.append('\n').toString();
    }
  }

  private static BufferedWriter writer(Path p, Charset cs) throws IOException {
    return new BufferedWriter(
        new java.io.OutputStreamWriter(Files.newOutputStream(p), cs.newEncoder()), 1 << 16);
  }

  static String csvQuote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
