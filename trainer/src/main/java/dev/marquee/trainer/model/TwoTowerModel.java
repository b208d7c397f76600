package dev.marquee.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import dev.marquee.core.Embeddings;
import dev.marquee.core.FeatureTable;
import dev.marquee.core.Features;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The two towers as plain DJL arrays (no Block: a hand-written loop costs about 2/3 of DJL's
 * Trainer here).
 *
 * <p>User tower: {@code u = P[u] (+ |N(u)|^-1/2 * sum_{j in N(u)} Y[j]) + age[a] + gender[g] + occupation[o]},
 * bias {@code b_u = bu[u] + the features' biases}. Movie tower: {@code m = Q[m] + mean(genre rows) + year[y]},
 * bias likewise. Features combine exactly as {@link Features#user} and {@link Features#movie} do, so a
 * features-only vector built by the server lives in the same space. The implicit term uses only the
 * training ratings' movies. Prediction: {@code lo + (hi - lo) * sigmoid(u·m + b_u + b_m)}.
 *
 * <p>Feature rows of one side live in one table ({@code [age; gender; occupation]} for users,
 * {@code [genre; year]} for movies) and each user/movie has a fixed weight row over it (1 per used row,
 * 1/k per genre of a movie with k genres), so a side's features cost one gather and one matmul.
 */
public final class TwoTowerModel implements AutoCloseable {
  private final NDManager manager;
  private final TrainConfig cfg;
  private final SideFeatures side;
  private final int users;
  private final int movies;
  private final int dim;
  private final NDArray p;
  private final NDArray bu;
  private final NDArray q;
  private final NDArray bm;
  private final NDArray uf;
  private final NDArray ufb;
  private final NDArray ufw;
  private final NDArray mf;
  private final NDArray mfb;
  private final NDArray mfw;
  private final NDArray y;
  private final NDArray implicitWeights;
  private final List<NDArray> params = new ArrayList<>();

  /** Largest users x movies matrix the dense implicit term may use (400 MB of floats). */
  public static final long MAX_IMPLICIT_CELLS = 100_000_000L;

  /**
   * @param parent manager the model's arrays live under (closed with the model)
   * @param train training interactions (for the implicit-feedback sets)
   */
  public TwoTowerModel(NDManager parent, TrainConfig cfg, SideFeatures side, Interactions train) {
    this.manager = parent.newSubManager();
    this.cfg = cfg;
    this.side = side;
    this.users = side.users();
    this.movies = side.movies();
    this.dim = cfg.factors();
    Random rnd = new Random(cfg.seed());
    p = param(rnd, users, dim);
    bu = param(rnd, users, 1);
    q = param(rnd, movies, dim);
    bm = param(rnd, movies, 1);
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
      if ((long) users * movies > MAX_IMPLICIT_CELLS) {
        throw new IllegalArgumentException("the implicit term needs a dense " + users + " x " + movies
            + " matrix, more than " + MAX_IMPLICIT_CELLS + " cells; train with --no-implicit");
      }
      y = param(rnd, movies, dim);
      implicitWeights = manager.create(implicitMatrix(train, users, movies), new Shape(users, movies));
    } else {
      y = implicitWeights = null;
    }
  }

  /** Dense |N(u)|^-1/2 indicator matrix of the training ratings, row-major [users, movies]. */
  static float[] implicitMatrix(Interactions train, int users, int movies) {
    int[] count = new int[users];
    float[] w = new float[users * movies];
    for (int i = 0; i < train.size(); i++) {
      int idx = train.user()[i] * movies + train.movie()[i];
      if (w[idx] == 0) {
        w[idx] = 1;
        count[train.user()[i]]++;
      }
    }
    for (int u = 0; u < users; u++) {
      if (count[u] > 0) {
        float s = (float) (1 / Math.sqrt(count[u]));
        for (int m = 0; m < movies; m++) {
          w[u * movies + m] *= s;
        }
      }
    }
    return w;
  }

  private NDArray param(Random rnd, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rnd.nextGaussian() * 0.01);
    }
    NDArray a = manager.create(v, new Shape(rows, cols));
    a.setRequiresGradient(true);
    params.add(a);
    return a;
  }

  /** The trainable arrays, in a fixed order. */
  public List<NDArray> parameters() {
    return List.copyOf(params);
  }

  public NDManager manager() {
    return manager;
  }

  private static NDArray gather(NDArray index, NDArray table) {
    NDList out = index.getNDArrayInternal().embedding(index, table, SparseFormat.DENSE);
    return out.singletonOrThrow();
  }

  /**
   * Predicted ratings for a batch. Every intermediate array is attached to {@code step}.
   *
   * @param keepUser per example 1 to keep the user's ID part or 0 to drop it (null keeps all)
   * @param keepMovie likewise for the movie
   */
  public NDArray forward(NDManager step, int[] user, int[] movie, float[] keepUser, float[] keepMovie) {
    int b = user.length;
    NDArray ui = step.create(user);
    NDArray mi = step.create(movie);
    NDArray uv = gather(ui, p);
    NDArray ub = gather(ui, bu);
    if (y != null) {
      uv = uv.add(implicitRows(step, ui, b));
    }
    if (keepUser != null) {
      // The implicit term goes with the ID part: a user the server has never seen has neither.
      NDArray k = step.create(keepUser, new Shape(b, 1));
      uv = uv.mul(k);
      ub = ub.mul(k);
    }
    if (uf != null) {
      NDArray w = gather(ui, ufw);
      uv = uv.add(w.matMul(uf));
      ub = ub.add(w.matMul(ufb));
    }
    NDArray mv = gather(mi, q);
    NDArray mb = gather(mi, bm);
    if (keepMovie != null) {
      NDArray k = step.create(keepMovie, new Shape(b, 1));
      mv = mv.mul(k);
      mb = mb.mul(k);
    }
    if (mf != null) {
      NDArray w = gather(mi, mfw);
      mv = mv.add(w.matMul(mf));
      mb = mb.add(w.matMul(mfb));
    }
    NDArray score = uv.mul(mv).sum(new int[] {1}).add(ub.reshape(b)).add(mb.reshape(b));
    return Activation.sigmoid(score).mul(cfg.yHi() - cfg.yLo()).add(cfg.yLo());
  }

  /** |N(u)|^-1/2 * sum of Y rows for a batch of users: whichever matmul order is cheaper. */
  private NDArray implicitRows(NDManager step, NDArray ui, int b) {
    if (b < users) {
      return gather(ui, implicitWeights).matMul(y);
    }
    NDArray all = implicitWeights.matMul(y);
    all.attach(step);
    return gather(ui, all);
  }

  /** Exports the towers' outputs and feature tables as float arrays (what the artifact holds). */
  public Embeddings export(long[] userIds, long[] movieIds) {
    try (NDManager m = manager.newSubManager()) {
      float[][] uvec = rows(p.toFloatArray(), users, dim);
      float[] ubias = bu.toFloatArray();
      float[][] mvec = rows(q.toFloatArray(), movies, dim);
      float[] mbias = bm.toFloatArray();
      List<FeatureTable> tables = new ArrayList<>();
      if (uf != null) {
        float[][] t = rows(uf.toFloatArray(), (int) uf.getShape().get(0), dim);
        float[] tb = ufb.toFloatArray();
        int a = side.ageVocab().size(), g = side.genderVocab().size(), o = side.occupationVocab().size();
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
        NDArray imp = implicitWeights.matMul(y);
        imp.attach(m);
        float[][] iv = rows(imp.toFloatArray(), users, dim);
        for (int u = 0; u < users; u++) {
          addInto(uvec[u], iv[u], 1f);
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
      return new Embeddings(dim, userIds, uvec, ubias, movieIds, mvec, mbias, mbias.clone(), tables);
    }
  }

  private static FeatureTable table(String name, List<String> vocab, float[][] t, float[] tb, int from, int n) {
    return new FeatureTable(name, vocab, Arrays.copyOfRange(t, from, from + n), Arrays.copyOfRange(tb, from, from + n));
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
