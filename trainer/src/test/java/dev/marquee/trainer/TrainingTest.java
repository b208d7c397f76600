package dev.marquee.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.marquee.core.Embeddings;
import dev.marquee.core.FeatureTable;
import dev.marquee.core.Features;
import dev.marquee.core.Manifest;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.data.Dataset;
import dev.marquee.data.Splits;
import dev.marquee.data.testing.Datasets;
import dev.marquee.trainer.model.TrainConfig;
import dev.marquee.trainer.model.TrainingLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on planted synthetic data, and the artifact round trip of what it produced. */
class TrainingTest {
  @TempDir static Path tmp;
  static Prepared prepared;
  static Training.Result result;
  static TrainConfig cfg;

  @BeforeAll
  static void train() throws Exception {
    Dataset d = Datasets.synthetic(tmp.resolve("synth"), Datasets.small(11));
    prepared = Prepared.of(d, Splits.of(d, "random", 0.1, 42));
    cfg = TrainConfig.defaults().withEpochs(15).withBatchSize(128).withSeed(42);
    result = Training.run(prepared, cfg, Device.cpu(), new TrainingLoop.Listener() {});
  }

  @Test
  void recoversPlantedStructure() {
    var epochs = result.epochs();
    assertTrue(
        epochs.getLast().trainLoss() < epochs.getFirst().trainLoss() * 0.6, epochs.toString());
    double model = result.model().rmse(),
        biases = result.biases().rmse(),
        mean = result.globalMean().rmse();
    assertTrue(model < 0.85 * biases, "model " + model + " vs biases " + biases);
    assertTrue(model < 0.7 * mean, "model " + model + " vs mean " + mean);
  }

  @Test
  void featureTablesFollowCoreLayout() {
    Embeddings e = result.embeddings();
    for (String name :
        new String[] {
          Features.USER_AGE,
          Features.USER_GENDER,
          Features.USER_OCCUPATION,
          Features.MOVIE_GENRE,
          Features.MOVIE_YEAR
        }) {
      FeatureTable t = e.feature(name).orElseThrow(() -> new AssertionError(name));
      assertEquals("unknown", t.vocabulary().getFirst(), name);
    }
    assertTrue(Features.hasUserFeatures(e));
  }

  @Test
  void artifactRoundTripIsExact() throws Exception {
    Manifest draft =
        Manifest.draft(
            "synth",
            prepared.dataset().fingerprint(),
            "random",
            cfg.features().label(),
            cfg.yLo(),
            cfg.yHi(),
            1f,
            5f,
            cfg.toTrainingConfig(1, "random", 0.1),
            result.model().toMap(""));
    ModelArtifact written =
        ModelArtifacts.write(
            tmp.resolve("model"),
            new ModelArtifact(
                draft,
                result.embeddings(),
                prepared.movieInfos(),
                prepared.userInfos(),
                prepared.ratingLog()));
    ModelArtifact read = ModelArtifacts.read(tmp.resolve("model"));
    Embeddings a = result.embeddings(), b = read.embeddings();
    assertEquals(written.modelId(), read.modelId());
    assertEquals(cfg.toTrainingConfig(1, "random", 0.1), read.manifest().hyperparameters());
    assertArrayEquals(a.userIds(), b.userIds());
    assertArrayEquals(a.movieIds(), b.movieIds());
    assertArrayEquals(a.userBias(), b.userBias());
    assertArrayEquals(a.movieBias(), b.movieBias());
    for (int i = 0; i < a.userVectors().length; i++) {
      assertArrayEquals(a.userVectors()[i], b.userVectors()[i]);
    }
    for (int i = 0; i < a.movieVectors().length; i++) {
      assertArrayEquals(a.movieVectors()[i], b.movieVectors()[i]);
    }
    assertEquals(a.features().size(), b.features().size());
    for (FeatureTable t : a.features()) {
      FeatureTable u = b.feature(t.name()).orElseThrow();
      assertEquals(t.vocabulary(), u.vocabulary());
      assertArrayEquals(t.bias(), u.bias());
      for (int i = 0; i < t.vectors().length; i++) {
        assertArrayEquals(t.vectors()[i], u.vectors()[i]);
      }
    }
    assertArrayEquals(prepared.ratingLog().offsets(), read.ratings().offsets());
    assertArrayEquals(prepared.ratingLog().movies(), read.ratings().movies());
    assertArrayEquals(prepared.ratingLog().ratings(), read.ratings().ratings());
    assertEquals(
        prepared.dataset().ratings().size(),
        read.ratings().movies().length,
        "every rating, train and valid");
    assertEquals(prepared.movieInfos(), read.movies());
    assertEquals(prepared.userInfos(), read.users());
  }

  @Test
  void featuresOnlyVectorsBeatAZeroVector() {
    // Cold start: score validation ratings with the features-only user vector (Features.user) and
    // the trained movie vectors; it must beat a zero user vector (movie bias only).
    Embeddings e = result.embeddings();
    var valid = prepared.valid();
    double seFeat = 0, seZero = 0;
    for (int i = 0; i < valid.size(); i++) {
      var user = prepared.dataset().users().get(valid.user()[i]);
      Features.Vector v = Features.user(e, user.age(), user.gender(), user.occupation());
      int m = valid.movie()[i];
      float pf =
          dev.marquee.core.Scoring.predictedRating(
              dev.marquee.core.Scoring.score(
                  v.vector(), v.bias(), e.movieVectors()[m], e.movieBias()[m]),
              cfg.yLo(),
              cfg.yHi());
      float pz =
          dev.marquee.core.Scoring.predictedRating(
              e.movieBias()[m] + v.bias(), cfg.yLo(), cfg.yHi());
      seFeat += (pf - valid.rating()[i]) * (pf - valid.rating()[i]);
      seZero += (pz - valid.rating()[i]) * (pz - valid.rating()[i]);
    }
    assertTrue(seFeat <= seZero * 1.02, "features-only " + seFeat + " vs bias-only " + seZero);
  }
}
