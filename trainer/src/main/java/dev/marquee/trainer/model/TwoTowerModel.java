package dev.marquee.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.marquee.core.Embeddings;
import dev.marquee.core.FeatureTable;
import dev.marquee.core.Features;
import dev.marquee.core.Samples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The two towers as plain DJL arrays (no Block: a hand-written loop costs about 2/3 of DJL's
 * Trainer here), and the two heads that share them.
 *
 * <p>User tower: {@code u = P[u] (+ |N(u)|^-1/2 * sum_{j in N(u)} Y[j]) + age[a] + gender[g] +
 * occupation[o]}, bias {@code b_u = bu[u] + the features' biases}. Movie tower: {@code m = Q[m] +
 * mean(genre rows) + year[y]}, bias likewise. Features combine exactly as {@link Features#user} and
 * {@link Features#movie} do, so a features-only vector built by the server lives in the same space.
 * The implicit term uses only the training ratings' movies.
 *
 * <p>Rating head: {@code lo + (hi - lo) * sigmoid(u·m + b_u + b_m)}, trained by squared error.
 * Retrieval head: {@code (u·m + c_m) / temperature} as the logit of "user u rated movie m" in a
 * softmax over the catalogue (all of it, or the batch's movies plus popularity-sampled negatives
 * with the logQ correction), trained by cross-entropy. Both heads use the same u and m, so the
 * served ranking is the dot product of [u ; 1] and [m ; c_m].
 *
 * <p>Feature rows of one side live in one table ({@code [age; gender; occupation]} for users,
 * {@code [genre; year]} for movies) and each user/movie has a fixed weight row over it (1 per used
 * row, 1/k per genre of a movie with k genres), so a side's features cost one gather and one
 * matmul.
 *
 * <p>The implicit term sums the Y rows of the batch's users' histories ({@link UserHistory}): as a
 * dense [batch users, movies] weight matrix times Y while that is small, else by gathering the rows
 * and taking each user's segment as a difference of two rows of their running sum, so memory grows
 * with the batch's histories, never with all users x movies. Above {@link TrainConfig#historyCap()}
 * movies a user's history is sampled per step (rescaled so its expectation is the full sum); the
 * exported vectors sum the whole history.
 */
public final class TwoTowerModel implements AutoCloseable {
  private final NDManager manager;
  private final TrainConfig cfg;
  private final SideFeatures side;
  private final int users;
  private final int movies;
  private final int dim;
  private final ParamTable p;
  private final ParamTable bu;
  private final ParamTable q;
  private final ParamTable bm;
  private final ParamTable cm;
  private final NDArray uf;
  private final NDArray ufb;
  private final NDArray ufw;
  private final NDArray mf;
  private final NDArray mfb;
  private final NDArray mfw;
  private final NDArray y;
  private final UserHistory history;
  private final NegativeSampler negatives;
  private final int[] slotOf;
  private final List<NDArray> params = new ArrayList<>();
  private final List<ParamTable> lazyTables = new ArrayList<>();

  /**
   * Up to this many cells (users in a batch x movies) the implicit term multiplies a dense weight
   * matrix by Y (ML-100K: ~650 x 1,682); above it, it gathers the histories' rows and sums them
   * through a running sum, whose cost follows the batch's history lengths instead of the catalogue.
   */
  static final long DENSE_IMPLICIT_CELLS = 1L << 24;

  /** {@link #DENSE_IMPLICIT_CELLS}; tests lower it to exercise the gathered path on small data. */
  long denseImplicitCells = DENSE_IMPLICIT_CELLS;

  /**
   * Most history rows the gathered implicit term sums in one training step (all users together).
   */
  static final int GATHER_ROWS = 1 << 15;

  /** Rows per block of the gathered implicit sum (see {@link #implicit}). */
  static final int SUM_BLOCK = 32;

  /** The per-user history cap never drops below this, however many users a batch holds. */
  static final int MIN_HISTORY_CAP = 16;

  /**
   * Tables of at least this many rows are {@linkplain ParamTable lazy}: a step updates only the
   * rows it reads. ML-100K and ML-1M (6,040 users) stay dense and train as they always have. On a
   * slice of the ML-25M shape (162,000 users, 62,000 movies, batch 8,192) the whole-table Adam
   * update took 42 % of the main thread's native samples (JFR); lazily it is 4 %, plus 14 % for
   * gathering and writing back the rows, and an epoch takes ~18 % less (BENCHMARKS.md).
   */
  static final int LAZY_ROWS = 50_000;

  /**
   * @param parent manager the model's arrays live under (closed with the model)
   * @param train training interactions (for the implicit-feedback sets and the sampling
   *     distribution)
   */
  public TwoTowerModel(NDManager parent, TrainConfig cfg, SideFeatures side, Interactions train) {
    this(parent, cfg, side, train, LAZY_ROWS);
  }

  /**
   * @param lazyRows tables of at least this many rows update lazily (tests lower it)
   */
  TwoTowerModel(
      NDManager parent, TrainConfig cfg, SideFeatures side, Interactions train, int lazyRows) {
    this.manager = parent.newSubManager();
    this.cfg = cfg;
    this.side = side;
    this.users = side.users();
    this.movies = side.movies();
    this.dim = cfg.factors();
    Random rnd = new Random(cfg.seed());
    boolean fullSoftmax = cfg.objective().retrieval() && cfg.softmax().full(movies);
    boolean lazyUsers = users >= lazyRows;
    // The full softmax reads every movie row at every step: nothing to save.
    boolean lazyMovies = movies >= lazyRows && !fullSoftmax;
    p = table(rnd, users, dim, lazyUsers);
    bu = table(rnd, users, 1, lazyUsers);
    q = table(rnd, movies, dim, lazyMovies);
    bm = table(rnd, movies, 1, lazyMovies);
    if (cfg.features().user()) {
      int rows = side.ageVocab().size() + side.genderVocab().size() + side.occupationVocab().size();
      uf = param(rnd, rows, dim);
      ufb = param(rnd, rows, 1);
      float[] w = new float[users * rows];
      int g0 = side.ageVocab().size(), o0 = g0 + side.genderVocab().size();
      for (int u = 0; u < users; u++) {
        w[u * rows + side.userAge()[u]] = 1f;
        w[u * rows + g0 + side.userGender()[u]] = 1f;
        w[u * rows + o0 + side.userOccupation()[u]] = 1f;
      }
      ufw = manager.create(w, new Shape(users, rows));
    } else {
      uf = ufb = ufw = null;
    }
    if (cfg.features().movie()) {
      int rows = side.genreVocab().size() + side.yearVocab().size();
      mf = param(rnd, rows, dim);
      mfb = param(rnd, rows, 1);
      float[] w = new float[movies * rows];
      int y0 = side.genreVocab().size();
      for (int m = 0; m < movies; m++) {
        int[] gs = side.movieGenres()[m];
        for (int g : gs) {
          w[m * rows + g] += 1f / gs.length;
        }
        w[m * rows + y0 + side.movieYear()[m]] = 1f;
      }
      mfw = manager.create(w, new Shape(movies, rows));
    } else {
      mf = mfb = mfw = null;
    }
    if (cfg.implicit()) {
      // Never lazy: a step's histories read most of Y (on the ML-25M shape, 16 sampled movies for
      // each of ~8,000 users), and made lazy it trained no faster (38.7 s against 38.3 s an epoch).
      y = param(rnd, movies, dim);
      history = UserHistory.of(train, users);
      slotOf = new int[users];
      Arrays.fill(slotOf, -1);
    } else {
      y = null;
      history = null;
      slotOf = null;
    }
    // Drawn after the other parameters so the rating-only model initialises as it always has.
    cm = cfg.objective().retrieval() ? table(rnd, movies, 1, lazyMovies) : null;
    negatives =
        cfg.objective().retrieval() && !fullSoftmax ? NegativeSampler.of(train, movies) : null;
  }

  private NDArray param(Random rnd, int rows, int cols) {
    NDArray a = initial(rnd, rows, cols);
    a.setRequiresGradient(true);
    params.add(a);
    return a;
  }

  private ParamTable table(Random rnd, int rows, int cols, boolean lazy) {
    ParamTable t = new ParamTable(initial(rnd, rows, cols), lazy);
    if (lazy) {
      lazyTables.add(t);
    } else {
      params.add(t.values());
    }
    return t;
  }

  private NDArray initial(Random rnd, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rnd.nextGaussian() * 0.01);
    }
    return manager.create(v, new Shape(rows, cols));
  }

  /** The trainable arrays that every step updates in full, in a fixed order. */
  public List<NDArray> parameters() {
    return List.copyOf(params);
  }

  /** The tables that a step updates only where it reads them ({@link ParamTable}). */
  List<ParamTable> lazyTables() {
    return List.copyOf(lazyTables);
  }

  public NDManager manager() {
    return manager;
  }

  private static NDArray gather(NDArray index, NDArray table) {
    return ParamTable.gather(index, table);
  }

  /**
   * One step's losses: {@code total} is what is differentiated; the parts are for reporting (null
   * when unused).
   */
  public record Losses(NDArray total, NDArray mse, NDArray crossEntropy) {}

  /**
   * The training loss of a batch. Every intermediate array is attached to {@code step}.
   *
   * @param keepUser per example 1 to keep the user's ID part or 0 to drop it (null keeps all)
   * @param keepMovie likewise for the movie (rating head only)
   * @param rnd draws the sampled histories and negatives
   */
  public Losses loss(
      NDManager step,
      int[] user,
      int[] movie,
      float[] rating,
      float[] keepUser,
      float[] keepMovie,
      Random rnd) {
    int b = user.length;
    // What the step reads, drawn in the order the samplers always drew: histories, then negatives.
    Histories h = y == null ? null : histories(user, rnd);
    int[] positives = cfg.objective().retrieval() ? positives(rating) : null;
    int[] cand =
        negatives != null && positives.length > 0 ? negatives.sample(cfg.negatives(), rnd) : null;
    openLazy(step, user, movie, cand);
    NDArray[] ut = userTower(step, user, keepUser, h);
    NDArray mse = null, ce = null, total = null;
    if (cfg.objective().rating()) {
      NDArray pred = predict(step, ut[0], ut[1], movieTower(step, movie, keepMovie), b);
      mse = pred.sub(step.create(rating)).square().mean();
      total = mse;
    }
    if (cfg.objective().retrieval()) {
      ce = retrievalLoss(step, ut[0], movie, positives, cand);
      NDArray weighted = scale(step, ce, cfg.retrievalWeight());
      total = total == null ? weighted : total.add(weighted);
    }
    return new Losses(total, mse, ce);
  }

  /** Gathers the rows of the lazy tables that this step reads into leaves of the step. */
  private void openLazy(NDManager step, int[] user, int[] movie, int[] cand) {
    if (lazyTables.isEmpty()) {
      return;
    }
    lazyTables.forEach(ParamTable::reset);
    p.touch(user);
    bu.touch(user);
    for (ParamTable t : cm == null ? List.of(q, bm) : List.of(q, bm, cm)) {
      t.touch(movie);
      if (cand != null) {
        t.touch(cand);
      }
    }
    lazyTables.forEach(t -> t.open(step));
  }

  /**
   * Predicted ratings for a batch (no dropout, whole histories). Every intermediate array is
   * attached to {@code step}.
   */
  public NDArray forward(NDManager step, int[] user, int[] movie) {
    lazyTables.forEach(ParamTable::reset);
    NDArray[] ut = userTower(step, user, null, y == null ? null : histories(user, null));
    return predict(step, ut[0], ut[1], movieTower(step, movie, null), user.length);
  }

  private NDArray predict(NDManager step, NDArray uv, NDArray ub, NDArray[] mt, int b) {
    NDArray score = uv.mul(mt[0]).sum(new int[] {1}).add(ub.reshape(b)).add(mt[1].reshape(b));
    return scale(step, Activation.sigmoid(score), cfg.yHi() - cfg.yLo()).add(cfg.yLo());
  }

  /**
   * {@code x * s}, the scalar an array of {@code step}. Never {@code x.mul(s)}: DJL wraps the
   * number in an array over a Java direct buffer and closes it at once, while autograd keeps that
   * array for the backward pass, so a GC in between frees memory the gradient then reads (results
   * that differ run to run).
   */
  private static NDArray scale(NDManager step, NDArray x, float s) {
    return x.mul(step.create(s));
  }

  /** User vectors [b, d] and biases [b, 1]. */
  private NDArray[] userTower(NDManager step, int[] user, float[] keepUser, Histories h) {
    int b = user.length;
    NDArray uv = p.rows(step, user);
    NDArray ub = bu.rows(step, user);
    if (y != null) {
      uv = uv.add(implicit(step, h));
    }
    if (keepUser != null) {
      // The implicit term goes with the ID part: a user the server has never seen has neither.
      NDArray k = step.create(keepUser, new Shape(b, 1));
      uv = uv.mul(k);
      ub = ub.mul(k);
    }
    if (uf != null) {
      NDArray w = gather(step.create(user), ufw);
      uv = uv.add(w.matMul(uf));
      ub = ub.add(w.matMul(ufb));
    }
    return new NDArray[] {uv, ub};
  }

  /** Movie vectors [n, d] and rating biases [n, 1] of the indexed movies. */
  private NDArray[] movieTower(NDManager step, int[] movie, float[] keep) {
    NDArray mv = q.rows(step, movie);
    NDArray mb = bm.rows(step, movie);
    if (keep != null) {
      NDArray k = step.create(keep, new Shape(keep.length, 1));
      mv = mv.mul(k);
      mb = mb.mul(k);
    }
    if (mf != null) {
      NDArray w = gather(step.create(movie), mfw);
      mv = mv.add(w.matMul(mf));
      mb = mb.add(w.matMul(mfb));
    }
    return new NDArray[] {mv, mb};
  }

  /**
   * Mean cross-entropy of the batch's movies (those rated at least {@code positiveMin}) under a
   * softmax of (u·m + c_m) / temperature. Full: over every movie. Sampled: over the row's own movie
   * and the negatives {@code cand} drawn by popularity (shared by the batch), every logit corrected
   * by -log Q(m) (Jean et al. 2015; Yi et al. 2019), a negative that is the row's own movie masked
   * out.
   *
   * @param rows the batch rows that are positives ({@link #positives})
   */
  private NDArray retrievalLoss(NDManager step, NDArray uv, int[] movie, int[] rows, int[] cand) {
    // Only liked movies are positives; the other rows still train the rating head through the MSE.
    if (rows.length == 0) {
      return step.zeros(new Shape());
    }
    if (rows.length < movie.length) {
      uv = gather(step.create(rows), uv);
      int[] kept = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        kept[i] = movie[rows[i]];
      }
      movie = kept;
    }
    int b = movie.length;
    NDArray logits;
    long[] target = new long[b];
    if (negatives == null) {
      // The full softmax's tables are dense (see the constructor). Results of operations on
      // parameters belong to the model's manager: move them to the step's.
      NDArray all;
      if (mf != null) {
        NDArray f = mfw.matMul(mf);
        f.attach(step);
        all = f.add(q.values());
      } else {
        all = scale(step, q.values(), 1f);
        all.attach(step);
      }
      NDArray c = cm.values().reshape(1, movies);
      c.attach(step);
      logits = uv.matMul(all.transpose()).add(c);
      for (int i = 0; i < b; i++) {
        target[i] = movie[i];
      }
    } else {
      // Row i's logits: its own movie (column 0), then S shared negatives; all corrected by -log Q,
      // so the cost per example is S dot products whatever the batch size.
      NDArray mc = movieTower(step, cand, null)[0];
      int s = cand.length;
      NDArray negCorrection =
          cm.rows(step, cand)
              .reshape(1, s)
              .sub(step.create(negatives.logProbability(cand), new Shape(1, s)));
      NDArray neg =
          uv.matMul(mc.transpose())
              .add(negCorrection)
              .add(step.create(NegativeSampler.hitMask(movie, cand), new Shape(b, s)));
      NDArray pos =
          uv.mul(movieTower(step, movie, null)[0])
              .sum(new int[] {1})
              .add(cm.rows(step, movie).reshape(b))
              .sub(step.create(negatives.logProbability(movie)));
      logits = pos.reshape(b, 1).concat(neg, 1);
    }
    NDArray logp = scale(step, logits, 1f / cfg.temperature()).logSoftmax(1);
    return logp.gather(step.create(target, new Shape(b, 1)), 1).mean().neg();
  }

  /** Indices of the batch rows whose rating makes them retrieval positives. */
  private int[] positives(float[] rating) {
    int n = 0;
    int[] rows = new int[rating.length];
    for (int i = 0; i < rating.length; i++) {
      if (rating[i] >= cfg.positiveMin()) {
        rows[n++] = i;
      }
    }
    return Arrays.copyOf(rows, n);
  }

  /**
   * Which rows of Y a batch's implicit term sums, with what weights: each example's slot among the
   * batch's distinct users, and either a dense [users, movies] weight matrix or the users' (padded)
   * rows in blocks of {@link #SUM_BLOCK} with each user's first and last block. Both null when no
   * user has a history.
   */
  private record Histories(
      int[] slot,
      int users,
      float[] matrix,
      int[] rows,
      float[] rowWeight,
      int[] blockStart,
      int[] blockEnd) {}

  /**
   * The {@link Histories} of a batch of users.
   *
   * @param rnd samples long histories; null sums whole histories
   */
  private Histories histories(int[] user, Random rnd) {
    int b = user.length;
    int[] distinct = new int[b];
    int[] slot = new int[b];
    int nd = 0;
    for (int i = 0; i < b; i++) {
      int u = user[i];
      if (slotOf[u] < 0) {
        slotOf[u] = nd;
        distinct[nd++] = u;
      }
      slot[i] = slotOf[u];
    }
    for (int i = 0; i < nd; i++) {
      slotOf[distinct[i]] = -1;
    }
    boolean dense = (long) nd * movies <= denseImplicitCells;
    // The dense product costs the same whatever the histories' lengths, so it sums them whole; the
    // gathered rows are capped per user, and per step at GATHER_ROWS in all, when training.
    int cap =
        dense || rnd == null
            ? Integer.MAX_VALUE
            : Math.min(cfg.historyCap(), Math.max(MIN_HISTORY_CAP, GATHER_ROWS / nd));
    long total = 0;
    for (int s = 0; s < nd; s++) {
      total += Math.min(history.size(distinct[s]), cap);
    }
    if (total == 0) {
      return new Histories(slot, nd, null, null, null, null, null);
    }
    int[] flat = new int[Math.toIntExact(total)];
    float[] weight = new float[flat.length];
    int[] starts = new int[nd];
    int[] ends = new int[nd];
    int w = 0;
    for (int s = 0; s < nd; s++) {
      int u = distinct[s], from = history.offsets()[u], n = history.size(u);
      starts[s] = w;
      if (n == 0) {
        ends[s] = w;
        continue;
      }
      float scale = (float) (1 / Math.sqrt(n));
      if (n <= cap) {
        System.arraycopy(history.movies(), from, flat, w, n);
        Arrays.fill(weight, w, w + n, scale);
        w += n;
      } else {
        int[] pick = Samples.distinct(n, cap, rnd);
        for (int j = 0; j < cap; j++) {
          flat[w + j] = history.movies()[from + pick[j]];
        }
        Arrays.fill(weight, w, w + cap, scale * n / cap);
        w += cap;
      }
      ends[s] = w;
    }
    if (dense) {
      // Small catalogue: one [users in batch, movies] weight matrix times Y is the cheapest sum.
      float[] matrix = new float[nd * movies];
      for (int s = 0; s < nd; s++) {
        for (int j = starts[s]; j < ends[s]; j++) {
          matrix[s * movies + flat[j]] += weight[j];
        }
      }
      return new Histories(slot, nd, matrix, null, null, null, null);
    }
    // Each user's rows in blocks of SUM_BLOCK, the last one padded with weight-0 rows.
    int[] blockStart = new int[nd];
    int[] blockEnd = new int[nd];
    int blocks = 0;
    for (int s = 0; s < nd; s++) {
      blockStart[s] = blocks;
      blocks += (ends[s] - starts[s] + SUM_BLOCK - 1) / SUM_BLOCK;
      blockEnd[s] = blocks;
    }
    int[] padded = new int[blocks * SUM_BLOCK];
    float[] paddedWeight = new float[padded.length];
    for (int s = 0; s < nd; s++) {
      int n = ends[s] - starts[s], at = blockStart[s] * SUM_BLOCK;
      System.arraycopy(flat, starts[s], padded, at, n);
      System.arraycopy(weight, starts[s], paddedWeight, at, n);
    }
    return new Histories(slot, nd, null, padded, paddedWeight, blockStart, blockEnd);
  }

  /**
   * The implicit term of a batch of examples [b, d]: each distinct user's (sampled) history rows of
   * Y, weighted and summed, spread back to the examples.
   */
  private NDArray implicit(NDManager step, Histories h) {
    NDArray sums;
    if (h.matrix() != null) {
      sums = step.create(h.matrix(), new Shape(h.users(), movies)).matMul(y);
    } else if (h.rows() != null) {
      // A reshape and a sum along the contiguous block axis give the block sums, and a running sum
      // over the (SUM_BLOCK times fewer) blocks gives each user's total. A running sum over the
      // rows themselves runs down dim-strided columns, which cost ~2/5 of a 25M-rating step.
      int blocks = h.rows().length / SUM_BLOCK;
      NDArray rows =
          gather(step.create(h.rows()), y)
              .mul(step.create(h.rowWeight(), new Shape(h.rows().length, 1)));
      NDArray blockSums = rows.reshape(blocks, SUM_BLOCK, dim).sum(new int[] {1});
      NDArray running = step.zeros(new Shape(1, dim)).concat(blockSums.cumSum(0), 0);
      sums =
          gather(step.create(h.blockEnd()), running)
              .sub(gather(step.create(h.blockStart()), running));
    } else {
      return step.zeros(new Shape(h.slot().length, dim));
    }
    return gather(step.create(h.slot()), sums);
  }

  /** Exports the towers' outputs and feature tables as float arrays (what the artifact holds). */
  public Embeddings export(long[] userIds, long[] movieIds) {
    float[][] uvec = rows(p.toFloatArray(), users, dim);
    float[] ubias = bu.toFloatArray();
    float[][] mvec = rows(q.toFloatArray(), movies, dim);
    float[] mbias = bm.toFloatArray();
    List<FeatureTable> tables = new ArrayList<>();
    if (uf != null) {
      float[][] t = rows(uf.toFloatArray(), (int) uf.getShape().get(0), dim);
      float[] tb = ufb.toFloatArray();
      int a = side.ageVocab().size(),
          g = side.genderVocab().size(),
          o = side.occupationVocab().size();
      tables.add(table(Features.USER_AGE, side.ageVocab(), t, tb, 0, a));
      tables.add(table(Features.USER_GENDER, side.genderVocab(), t, tb, a, g));
      tables.add(table(Features.USER_OCCUPATION, side.occupationVocab(), t, tb, a + g, o));
      for (int u = 0; u < users; u++) {
        int[] r = {side.userAge()[u], a + side.userGender()[u], a + g + side.userOccupation()[u]};
        for (int row : r) {
          addInto(uvec[u], t[row], 1f);
          ubias[u] += tb[row];
        }
      }
    }
    if (y != null) {
      float[][] yv = rows(y.toFloatArray(), movies, dim);
      for (int u = 0; u < users; u++) {
        int n = history.size(u);
        float scale = n == 0 ? 0f : (float) (1 / Math.sqrt(n));
        for (int j = history.offsets()[u]; j < history.offsets()[u + 1]; j++) {
          addInto(uvec[u], yv[history.movies()[j]], scale);
        }
      }
    }
    if (mf != null) {
      float[][] t = rows(mf.toFloatArray(), (int) mf.getShape().get(0), dim);
      float[] tb = mfb.toFloatArray();
      int gsz = side.genreVocab().size(), ysz = side.yearVocab().size();
      tables.add(table(Features.MOVIE_GENRE, side.genreVocab(), t, tb, 0, gsz));
      tables.add(table(Features.MOVIE_YEAR, side.yearVocab(), t, tb, gsz, ysz));
      for (int i = 0; i < movies; i++) {
        int[] gs = side.movieGenres()[i];
        for (int gr : gs) {
          addInto(mvec[i], t[gr], 1f / gs.length);
          mbias[i] += tb[gr] / gs.length;
        }
        int yr = gsz + side.movieYear()[i];
        addInto(mvec[i], t[yr], 1f);
        mbias[i] += tb[yr];
      }
    }
    // c_m is in the units of u·m (the temperature divides both). A rating-only model has none
    // trained, so it ranks by its rating bias b_m, as it always did.
    float[] cbias = cm == null ? mbias.clone() : cm.toFloatArray();
    // A common offset in c_m changes no ranking (nor the softmax) but does change which items
    // HNSW's maximum-inner-product transform favours: centre it.
    double mean = 0;
    for (float c : cbias) {
      mean += c;
    }
    mean /= Math.max(1, cbias.length);
    for (int i = 0; i < cbias.length; i++) {
      cbias[i] -= (float) mean;
    }
    return new Embeddings(dim, userIds, uvec, ubias, movieIds, mvec, mbias, cbias, tables);
  }

  private static FeatureTable table(
      String name, List<String> vocab, float[][] t, float[] tb, int from, int n) {
    return new FeatureTable(
        name, vocab, Arrays.copyOfRange(t, from, from + n), Arrays.copyOfRange(tb, from, from + n));
  }

  private static void addInto(float[] into, float[] v, float w) {
    for (int i = 0; i < into.length; i++) {
      into[i] += w * v[i];
    }
  }

  static float[][] rows(float[] flat, int n, int d) {
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
