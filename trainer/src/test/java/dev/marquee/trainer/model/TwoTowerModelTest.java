package dev.marquee.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.marquee.core.Embeddings;
import dev.marquee.core.Scoring;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The training graph against the exported vectors: the implicit term's segment sums (a running sum
 * over the batch's gathered histories) against export's plain Java sums, the history cap, the
 * exported retrieval bias, and gradients that no garbage collection can change.
 */
class TwoTowerModelTest {
  static final int USERS = 30;
  static final int MOVIES = 40;
  static final int RATED_USERS = 27; // users 27..29 have no training ratings
  static final float LO = 0f;
  static final float HI = 5.5f;

  /**
   * A tiny planted log: user u rates 1 + (7u mod 36) movies (user 5 rates movie 3 twice), side
   * features random.
   */
  record Fixture(Interactions train, SideFeatures side, int longestHistory) {}

  static Fixture fixture() {
    Random r = new Random(17);
    double[][] uf = new double[USERS][], mf = new double[MOVIES][];
    for (int u = 0; u < USERS; u++) {
      uf[u] = new double[] {r.nextGaussian(), r.nextGaussian()};
    }
    for (int m = 0; m < MOVIES; m++) {
      mf[m] = new double[] {r.nextGaussian(), r.nextGaussian()};
    }
    List<int[]> pairs = new ArrayList<>();
    int longest = 0;
    for (int u = 0; u < RATED_USERS; u++) {
      List<Integer> ms = new ArrayList<>();
      for (int m = 0; m < MOVIES; m++) {
        ms.add(m);
      }
      java.util.Collections.shuffle(ms, r);
      int n = 1 + 7 * u % 36;
      longest = Math.max(longest, n);
      for (int k = 0; k < n; k++) {
        pairs.add(new int[] {u, ms.get(k)});
      }
    }
    pairs.add(new int[] {5, 3});
    pairs.add(new int[] {5, 3});
    java.util.Collections.shuffle(pairs, r);
    int n = pairs.size();
    int[] us = new int[n], ms = new int[n];
    float[] rs = new float[n];
    for (int i = 0; i < n; i++) {
      int u = pairs.get(i)[0], m = pairs.get(i)[1];
      us[i] = u;
      ms[i] = m;
      double s = 3 + 1.2 * (uf[u][0] * mf[m][0] + uf[u][1] * mf[m][1]) + 0.3 * r.nextGaussian();
      rs[i] = (float) Math.max(1, Math.min(5, Math.round(s)));
    }
    int[] ages = new int[USERS];
    String[] genders = new String[USERS], occupations = new String[USERS];
    String[] occ = {"", "artist", "engineer", "doctor"};
    for (int u = 0; u < USERS; u++) {
      ages[u] = r.nextInt(5) == 0 ? 0 : 15 + r.nextInt(50);
      genders[u] = uf[u][0] > 0 ? "M" : "F";
      occupations[u] = occ[r.nextInt(occ.length)];
    }
    List<List<String>> genres = new ArrayList<>();
    int[] years = new int[MOVIES];
    for (int m = 0; m < MOVIES; m++) {
      List<String> g = new ArrayList<>();
      if (mf[m][0] > 0) {
        g.add("a");
      }
      if (mf[m][1] > 0) {
        g.add("b");
      }
      genres.add(g); // some movies have no genre
      years[m] = 1950 + r.nextInt(60);
    }
    // The longest distinct history, counted apart from UserHistory (user 5's duplicate may add a
    // movie).
    List<java.util.Set<Integer>> distinct = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      distinct.add(new java.util.HashSet<>());
    }
    for (int i = 0; i < n; i++) {
      distinct.get(us[i]).add(ms[i]);
    }
    longest = distinct.stream().mapToInt(java.util.Set::size).max().orElseThrow();
    return new Fixture(
        new Interactions(us, ms, rs),
        SideFeatures.of(ages, genders, occupations, genres, years),
        longest);
  }

  static TrainConfig config(Objective objective, int epochs, int historyCap) {
    return config(objective, epochs, historyCap, Softmax.FULL);
  }

  static TrainConfig config(Objective objective, int epochs, int historyCap, Softmax softmax) {
    return new TrainConfig(
        8,
        epochs,
        0.05f,
        0.01f,
        64,
        LO,
        HI,
        FeatureSet.ALL,
        true,
        0f,
        0f,
        7,
        objective,
        1f,
        1f,
        0f,
        softmax,
        16,
        historyCap);
  }

  static long[] ids(int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = 100 + i;
    }
    return out;
  }

  @Test
  void forwardAgreesWithTheExportedVectors() {
    forwardAgreesWithTheExportedVectors(
        TwoTowerModel.DENSE_IMPLICIT_CELLS, Softmax.FULL, TwoTowerModel.LAZY_ROWS);
  }

  @Test
  void theGatheredImplicitSumAgreesWithTheExportedVectors() {
    forwardAgreesWithTheExportedVectors(0, Softmax.FULL, TwoTowerModel.LAZY_ROWS);
  }

  @Test
  void lazyTablesAgreeWithTheExportedVectors() {
    // Every table of rows lazy (the sampled softmax lets the movie tables be), both implicit sums.
    forwardAgreesWithTheExportedVectors(0, Softmax.SAMPLED, 0);
    forwardAgreesWithTheExportedVectors(TwoTowerModel.DENSE_IMPLICIT_CELLS, Softmax.SAMPLED, 0);
  }

  private void forwardAgreesWithTheExportedVectors(long denseCells, Softmax softmax, int lazyRows) {
    Fixture f = fixture();
    TrainConfig cfg = config(Objective.JOINT, 3, TrainConfig.HISTORY_CAP, softmax);
    try (NDManager root = NDManager.newBaseManager();
        TwoTowerModel model = new TwoTowerModel(root, cfg, f.side(), f.train(), lazyRows)) {
      assertEquals(lazyRows == 0 ? 5 : 0, model.lazyTables().size());
      model.denseImplicitCells = denseCells;
      List<TrainingLoop.EpochStats> epochs =
          TrainingLoop.train(model, cfg, f.train(), null, new TrainingLoop.Listener() {});
      assertTrue(epochs.getLast().trainLoss() < epochs.getFirst().trainLoss(), epochs.toString());
      Embeddings e = model.export(ids(USERS), ids(MOVIES));
      int[] us = new int[USERS * MOVIES], ms = new int[USERS * MOVIES];
      for (int u = 0, k = 0; u < USERS; u++) {
        for (int m = 0; m < MOVIES; m++, k++) {
          us[k] = u;
          ms[k] = m;
        }
      }
      float[] forward;
      try (NDManager step = model.manager().newSubManager()) {
        forward = model.forward(step, us, ms).toFloatArray();
      }
      // The implicit term as export sums it, to show it is large enough for the comparison to see.
      // Y is the last [movies, d] parameter (the order of the model's constructor; always dense).
      NDArray yParam =
          model.parameters().stream()
              .filter(a -> a.getShape().equals(new Shape(MOVIES, 8)))
              .reduce((first, second) -> second)
              .orElseThrow();
      float[] yValues = yParam.toFloatArray();
      float[][] y = TwoTowerModel.rows(yValues, MOVIES, 8);
      UserHistory h = UserHistory.of(f.train(), USERS);
      double maxErr = 0, maxImplicit = 0;
      for (int k = 0; k < us.length; k++) {
        int u = us[k], m = ms[k];
        float exported =
            Scoring.predictedRating(
                Scoring.score(
                    e.userVectors()[u], e.userBias()[u], e.movieVectors()[m], e.movieBias()[m]),
                LO,
                HI);
        maxErr = Math.max(maxErr, Math.abs(exported - forward[k]));
        float[] without = e.userVectors()[u].clone();
        for (int j = h.offsets()[u]; j < h.offsets()[u + 1]; j++) {
          for (int d = 0; d < 8; d++) {
            without[d] -= y[h.movies()[j]][d] / (float) Math.sqrt(h.size(u));
          }
        }
        float noImplicit =
            Scoring.predictedRating(
                Scoring.score(without, e.userBias()[u], e.movieVectors()[m], e.movieBias()[m]),
                LO,
                HI);
        maxImplicit = Math.max(maxImplicit, Math.abs(exported - noImplicit));
      }
      assertTrue(maxErr < 1e-4, "forward vs exported vectors: max |difference| " + maxErr);
      assertTrue(maxImplicit > 1e-2, "the implicit term moves predictions by up to " + maxImplicit);
    }
  }

  @Test
  void aHistoryCapAboveTheLongestHistoryChangesNothing() {
    Fixture f = fixture();
    int longest = f.longestHistory();
    float[] atLongest = steps(f, longest),
        above = steps(f, longest + 100),
        huge = steps(f, Integer.MAX_VALUE);
    float[] below = steps(f, longest - 1);
    for (int i = 0; i < atLongest.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(atLongest[i]), Float.floatToRawIntBits(above[i]), "loss " + i);
      assertEquals(
          Float.floatToRawIntBits(atLongest[i]), Float.floatToRawIntBits(huge[i]), "loss " + i);
    }
    // Control: one movie fewer than the longest history samples it, and the losses move.
    assertNotEquals(java.util.Arrays.toString(atLongest), java.util.Arrays.toString(below));
  }

  @Test
  void aCappedHistoryIsAUniformSampleOfCapMoviesRescaled() {
    // One user with 20 history movies, one example: d loss / d Y[j] = w_j * d loss / d P[u], so the
    // gradients show which history rows the step summed and with what weight.
    int n = 20, cap = 5, movies = 45;
    int[] hu = new int[n], hm = new int[n];
    for (int i = 0; i < n; i++) {
      hm[i] = 2 * i; // even movies below 40
    }
    Interactions train = new Interactions(hu, hm, new float[n]);
    SideFeatures side =
        SideFeatures.of(
            new int[1],
            new String[] {"M"},
            new String[] {""},
            java.util.Collections.nCopies(movies, List.of()),
            new int[movies]);
    int[] picked = new int[movies];
    for (int c : new int[] {cap, n, n + 1}) {
      TrainConfig cfg =
          new TrainConfig(
              4,
              1,
              0.01f,
              0f,
              1,
              LO,
              HI,
              FeatureSet.NONE,
              true,
              0f,
              0f,
              3,
              Objective.RATING,
              1f,
              1f,
              0f,
              Softmax.FULL,
              1,
              c);
      Random rnd = new Random(8);
      for (int draw = 0; draw < (c == cap ? 40 : 1); draw++) {
        try (NDManager root = NDManager.newBaseManager();
            TwoTowerModel model = new TwoTowerModel(root, cfg, side, train);
            NDManager step = model.manager().newSubManager()) {
          model.denseImplicitCells = 0; // the gathered path, the one that samples
          List<NDArray> params = model.parameters(); // p, bu, q, bm, y without features or c_m
          float[] gp, gy;
          try (ai.djl.training.GradientCollector gc =
              ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            gc.backward(
                model
                    .loss(step, new int[] {0}, new int[] {1}, new float[] {5f}, null, null, rnd)
                    .total());
            gp = params.get(0).getGradient().toFloatArray();
            gy = params.get(4).getGradient().toFloatArray();
          }
          float want = c == cap ? (float) (Math.sqrt(n) / cap) : (float) (1 / Math.sqrt(n));
          int rows = 0;
          for (int m = 0; m < movies; m++) {
            boolean nonzero = false;
            for (int d = 0; d < 4; d++) {
              nonzero |= gy[m * 4 + d] != 0;
            }
            if (!nonzero) {
              continue;
            }
            rows++;
            assertEquals(0, m % 2, "movie " + m + " is not in the history");
            picked[m] += c == cap ? 1 : 0;
            for (int d = 0; d < 4; d++) {
              assertEquals(
                  want * gp[d],
                  gy[m * 4 + d],
                  1e-6 * Math.abs(gp[d]) + 1e-12,
                  "cap " + c + " movie " + m);
            }
          }
          assertEquals(Math.min(c, n), rows, "cap " + c + ": rows summed");
        }
      }
    }
    // 40 draws of 5 out of 20: each history movie is expected 10 times.
    for (int m = 0; m < 2 * n; m += 2) {
      assertTrue(
          picked[m] >= 2 && picked[m] <= 20, "movie " + m + " picked " + picked[m] + " times");
    }
  }

  @Test
  void aGarbageCollectionBetweenForwardAndBackwardChangesNoGradient() {
    // The GC frees the direct buffer behind a closed DJL array; autograd must never read one (what
    // made the sampled softmax differ run to run: it allocates enough per step to collect
    // mid-step).
    Fixture f = fixture();
    for (Softmax softmax : new Softmax[] {Softmax.FULL, Softmax.SAMPLED}) {
      float[][] calm = gradients(f, softmax, false), collected = gradients(f, softmax, true);
      for (int i = 0; i < calm.length; i++) {
        assertArrayEquals(calm[i], collected[i], softmax + ": gradient of parameter " + i);
      }
    }
  }

  /**
   * Every parameter's gradient after one joint step on the whole log; {@code collect} runs the GC
   * before backward.
   */
  private static float[][] gradients(Fixture f, Softmax softmax, boolean collect) {
    // Retrieval weight and temperature away from 1, so that every scalar factor shows in the
    // gradients.
    TrainConfig cfg =
        new TrainConfig(
            8,
            1,
            0.05f,
            0.01f,
            64,
            LO,
            HI,
            FeatureSet.ALL,
            true,
            0f,
            0f,
            7,
            Objective.JOINT,
            0.5f,
            0.2f,
            0f,
            softmax,
            16,
            TrainConfig.HISTORY_CAP);
    Interactions t = f.train();
    try (NDManager root = NDManager.newBaseManager();
        TwoTowerModel model = new TwoTowerModel(root, cfg, f.side(), t);
        NDManager step = model.manager().newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss =
          model.loss(step, t.user(), t.movie(), t.rating(), null, null, new Random(3)).total();
      List<ByteBuffer> reused = collect ? collectAndReuseFreedMemory() : List.of();
      gc.backward(loss);
      Reference.reachabilityFence(
          reused); // the NaN blocks stay taken until the backward pass has run
      List<NDArray> params = model.parameters();
      float[][] out = new float[params.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = params.get(i).getGradient().toFloatArray();
      }
      return out;
    }
  }

  /**
   * Runs the GC, waits until the cleaner has freed the unreachable direct buffers, then takes the
   * freed small blocks back as buffers of NaNs, so that a tensor still pointing into one reads NaN.
   */
  private static List<ByteBuffer> collectAndReuseFreedMemory() {
    BufferPoolMXBean direct =
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct"))
            .findFirst()
            .orElseThrow();
    ByteBuffer.allocateDirect(
        4); // unreachable at once: the wait below ends only once the cleaner has run
    long before = direct.getCount(), last = before;
    System.gc();
    for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline; ) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      long now = direct.getCount();
      if (now < before && now == last) {
        break;
      }
      last = now;
    }
    List<ByteBuffer> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      out.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
    }
    return out;
  }

  /**
   * The total, MSE and cross-entropy of three training steps, each on the whole log as one batch.
   */
  private static float[] steps(Fixture f, int cap) {
    TrainConfig cfg = config(Objective.JOINT, 1, cap);
    try (NDManager root = NDManager.newBaseManager();
        TwoTowerModel model = new TwoTowerModel(root, cfg, f.side(), f.train())) {
      model.denseImplicitCells = 0; // the gathered path, the one that samples
      FastAiAdam opt = new FastAiAdam(model.manager(), model.parameters(), cfg.wd());
      Random rnd = new Random(3);
      float[] out = new float[9];
      for (int s = 0; s < 3; s++) {
        TrainingLoop.StepLoss l =
            TrainingLoop.step(
                model,
                opt,
                f.train().user(),
                f.train().movie(),
                f.train().rating(),
                null,
                null,
                0.01f,
                0.9f,
                rnd);
        out[3 * s] = l.total();
        out[3 * s + 1] = l.mse();
        out[3 * s + 2] = l.crossEntropy();
      }
      return out;
    }
  }
}
