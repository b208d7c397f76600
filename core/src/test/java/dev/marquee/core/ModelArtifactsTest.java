package dev.marquee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactsTest {
  @TempDir Path tmp;

  static final TrainingConfig TRAINING =
      new TrainingConfig(
          "joint",
          3,
          5,
          0.01f,
          1f,
          1024,
          new TrainingConfig.Range(0f, 5.5f),
          "all",
          true,
          0.05f,
          0f,
          42,
          0.25f,
          0.3f,
          4f,
          "auto",
          512,
          1024,
          1,
          "random",
          0.1,
          "adam",
          "one-cycle",
          "normal(0, 0.01)");

  /** A small artifact with random tensors, two feature tables and an accented title. */
  static ModelArtifact sample(long seed) {
    Random r = new Random(seed);
    int users = 5, movies = 7, dim = 3;
    float[][] uv = new float[users][dim], mv = new float[movies][dim];
    float[] ub = new float[users], mb = new float[movies], cb = new float[movies];
    long[] uid = new long[users], mid = new long[movies];
    for (int i = 0; i < users; i++) {
      uid[i] = 10 + i;
      ub[i] = (float) r.nextGaussian();
      for (int j = 0; j < dim; j++) {
        uv[i][j] = (float) r.nextGaussian();
      }
    }
    for (int i = 0; i < movies; i++) {
      mid[i] = 100 + 3 * i;
      mb[i] = (float) r.nextGaussian();
      cb[i] = (float) r.nextGaussian();
      for (int j = 0; j < dim; j++) {
        mv[i][j] = (float) r.nextGaussian();
      }
    }
    var genre =
        new FeatureTable(
            Features.MOVIE_GENRE,
            List.of("unknown", "Comedy", "Drama"),
            new float[][] {{0, 0, 0}, {1, 2, 3}, {-1, 0.5f, 2}},
            new float[] {0, 0.1f, -0.2f});
    var gender =
        new FeatureTable(
            Features.USER_GENDER,
            List.of("unknown", "F", "M"),
            new float[][] {{0, 0, 0}, {0.3f, 0, 0}, {0, 0.3f, 0}},
            new float[] {0, 0.05f, -0.05f});
    var emb = new Embeddings(dim, uid, uv, ub, mid, mv, mb, cb, List.of(genre, gender));
    List<MovieInfo> mi = new java.util.ArrayList<>();
    for (int i = 0; i < movies; i++) {
      mi.add(
          new MovieInfo(
              mid[i],
              i == 0 ? "Être et avoir" : "Movie " + i,
              1990 + i,
              i % 2 == 0 ? List.of("Comedy", "Drama") : List.of()));
    }
    List<UserInfo> ui = new java.util.ArrayList<>();
    for (int i = 0; i < users; i++) {
      ui.add(new UserInfo(uid[i], 20 + i, i % 2 == 0 ? "F" : "M", "student"));
    }
    var log =
        RatingLog.of(
            users,
            new int[] {0, 0, 1, 4, 4, 4},
            new int[] {3, 1, 6, 0, 5, 2},
            new float[] {5, 4, 3, 2, 1, 4.5f});
    var manifest =
        Manifest.draft(
            "synthetic",
            "abc123",
            "random",
            "all",
            0f,
            5.5f,
            1f,
            5f,
            TRAINING,
            Map.of("valid_rmse", 0.9));
    return new ModelArtifact(manifest, emb, mi, ui, log);
  }

  @Test
  void roundTripIsExact() throws IOException {
    ModelArtifact draft = sample(1);
    ModelArtifact written = ModelArtifacts.write(tmp.resolve("model"), draft);
    ModelArtifact read = ModelArtifacts.read(tmp.resolve("model"));

    assertEquals(written.manifest(), read.manifest());
    assertEquals(16, read.modelId().length());
    assertEquals(ModelArtifacts.VERSION, read.manifest().version());
    assertEquals(3, read.manifest().factors());
    assertEquals(6, read.manifest().ratings());
    Embeddings a = draft.embeddings(), b = read.embeddings();
    assertArrayEquals(a.userIds(), b.userIds());
    assertArrayEquals(a.movieIds(), b.movieIds());
    assertArrayEquals(a.userBias(), b.userBias());
    assertArrayEquals(a.movieBias(), b.movieBias());
    assertArrayEquals(a.movieRetrievalBias(), b.movieRetrievalBias());
    assertFalse(
        Arrays.equals(b.movieBias(), b.movieRetrievalBias()),
        "the two movie biases are distinct tensors");
    for (int i = 0; i < a.userVectors().length; i++) {
      assertArrayEquals(a.userVectors()[i], b.userVectors()[i]);
    }
    for (int i = 0; i < a.movieVectors().length; i++) {
      assertArrayEquals(a.movieVectors()[i], b.movieVectors()[i]);
    }
    assertEquals(2, b.features().size());
    FeatureTable g = b.feature(Features.MOVIE_GENRE).orElseThrow();
    assertEquals(List.of("unknown", "Comedy", "Drama"), g.vocabulary());
    assertArrayEquals(new float[] {-1, 0.5f, 2}, g.vectors()[2]);
    assertEquals(draft.movies(), read.movies());
    assertEquals("Être et avoir", read.movies().get(0).title());
    assertEquals(draft.users(), read.users());
    assertArrayEquals(draft.ratings().offsets(), read.ratings().offsets());
    assertArrayEquals(draft.ratings().movies(), read.ratings().movies());
    assertArrayEquals(new int[] {1, 3}, read.ratings().moviesOf(0));
    assertArrayEquals(new float[] {4, 5}, read.ratings().ratingsOf(0));
    assertEquals(4.5f, read.ratings().rating(4, 2));
    assertTrue(Float.isNaN(read.ratings().rating(2, 2)));
  }

  @Test
  void modelIdFollowsTheTensors() throws IOException {
    String a = ModelArtifacts.write(tmp.resolve("a"), sample(1)).modelId();
    String b = ModelArtifacts.write(tmp.resolve("b"), sample(1)).modelId();
    String c = ModelArtifacts.write(tmp.resolve("c"), sample(2)).modelId();
    assertEquals(a, b);
    assertFalse(a.equals(c));
  }

  @Test
  void replacesAnOldModelAndLeavesNoTempFiles() throws IOException {
    ModelArtifacts.write(tmp.resolve("model"), sample(1));
    String second = ModelArtifacts.write(tmp.resolve("model"), sample(2)).modelId();
    assertEquals(second, ModelArtifacts.read(tmp.resolve("model")).modelId());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(
          List.of(".model.lock", "model"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aReaderRecoversAModelWhoseReplaceWasKilled() throws IOException {
    Path model = tmp.resolve("model");
    String first = ModelArtifacts.write(model, sample(1)).modelId();
    // A trainer killed between moving the old model aside and moving the new one in.
    Files.move(model, tmp.resolve(".model.old-5eed"));
    Path half = Files.createDirectory(tmp.resolve(".model.tmp-5eed"));
    Files.writeString(half.resolve(ModelArtifacts.EMBEDDINGS), "half");
    assertEquals(first, ModelArtifacts.read(model).modelId());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(
          List.of(".model.lock", "model"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void refusesToReplaceADirectoryThatIsNotAModel() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(dir.resolve("holiday.jpg"), "x");
    var e =
        assertThrows(FileAlreadyExistsException.class, () -> ModelArtifacts.write(dir, sample(1)));
    assertTrue(e.getMessage().contains("not a Marquee model directory"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("holiday.jpg")));
  }

  @Test
  void missingDirectoryAndManifest() throws IOException {
    var e1 = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(tmp.resolve("nope")));
    assertTrue(e1.getMessage().contains("does not exist"), e1.getMessage());
    Files.createDirectories(tmp.resolve("empty"));
    var e2 = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(tmp.resolve("empty")));
    assertTrue(e2.getMessage().contains("manifest.json is missing"), e2.getMessage());
  }

  @Test
  void corruptTensorFileIsRejectedByChecksum() throws IOException {
    Path dir = tmp.resolve("model");
    ModelArtifacts.write(dir, sample(1));
    Path f = dir.resolve(ModelArtifacts.EMBEDDINGS);
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length - 3] ^= 0x40;
    Files.write(f, bytes);
    var e = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(dir));
    assertTrue(
        e.getMessage().startsWith("corrupt model: ")
            && e.getMessage().contains("embeddings.safetensors has SHA-256"),
        e.getMessage());
  }

  @Test
  void truncatedAndMissingFilesAreRejected() throws IOException {
    Path dir = tmp.resolve("model");
    ModelArtifacts.write(dir, sample(1));
    Path f = dir.resolve(ModelArtifacts.RATINGS);
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    var e = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(dir));
    assertTrue(e.getMessage().contains("ratings.safetensors has SHA-256"), e.getMessage());
    ModelArtifacts.write(dir, sample(1));
    Files.delete(dir.resolve(ModelArtifacts.MOVIES));
    var e2 = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(dir));
    assertTrue(e2.getMessage().contains("movies.tsv is missing"), e2.getMessage());
  }

  @Test
  void versionOutsideTheSupportedRangeIsNamed() throws IOException {
    Path dir = tmp.resolve("model");
    ModelArtifacts.write(dir, sample(1));
    Path mf = dir.resolve(ModelArtifacts.MANIFEST);
    String json = Files.readString(mf);
    assertTrue(json.contains("\"version\" : 3"), json);
    Files.writeString(mf, json.replace("\"version\" : 3", "\"version\" : 7"));
    var e = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(dir));
    assertTrue(
        e.getMessage().contains("version 7 is too new for this build (reads 2..3)"),
        e.getMessage());
    Files.writeString(mf, json.replace("\"version\" : 3", "\"version\" : 0"));
    var e2 = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(dir));
    assertTrue(e2.getMessage().contains("version 0 is no longer supported"), e2.getMessage());
    Files.writeString(mf, json.replace("marquee-model", "other-model"));
    var e3 = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(dir));
    assertTrue(e3.getMessage().contains("format is 'other-model'"), e3.getMessage());
    Files.writeString(mf, "{ not json", StandardCharsets.UTF_8);
    var e4 = assertThrows(ArtifactException.class, () -> ModelArtifacts.read(dir));
    assertTrue(e4.getMessage().contains("is not a valid manifest"), e4.getMessage());
  }

  @Test
  void theRatingScaleIsRecordedAndVersionTwoReadsThePredictionRangeAsIt() throws IOException {
    Path dir = tmp.resolve("model");
    ModelArtifacts.write(dir, sample(1));
    Manifest v3 = ModelArtifacts.readManifest(dir);
    assertEquals(1f, v3.ratingMin());
    assertEquals(5f, v3.ratingMax());
    // A version-2 manifest has no rating_min/rating_max.
    Path mf = dir.resolve(ModelArtifacts.MANIFEST);
    Files.writeString(
        mf,
        Files.readString(mf)
            .replace("\"version\" : 3", "\"version\" : 2")
            .replaceAll("\"rating_m(in|ax)\" : [0-9.]+,", ""));
    Manifest v2 = ModelArtifacts.read(dir).manifest();
    assertEquals(0f, v2.ratingMin());
    assertEquals(5.5f, v2.ratingMax());
  }

  @Test
  void versionOneArtifactsAreRefusedWithARetrainHint() throws IOException {
    // Version 1 had no movie_retrieval_bias; reading it as c_m = b_m would silently rank by rating.
    Path dir = tmp.resolve("v1-model");
    ModelArtifacts.write(dir, sample(1));
    Path mf = dir.resolve(ModelArtifacts.MANIFEST);
    Files.writeString(mf, Files.readString(mf).replace("\"version\" : 3", "\"version\" : 1"));
    String want =
        dir
            + ": model format version 1 is no longer supported (this build reads 2..3); retrain with this version";
    assertEquals(
        want, assertThrows(ArtifactException.class, () -> ModelArtifacts.read(dir)).getMessage());
    assertEquals(
        want,
        assertThrows(ArtifactException.class, () -> ModelArtifacts.readManifest(dir)).getMessage());
  }

  @Test
  void embeddingsNameAMisSizedRetrievalBias() {
    Embeddings e = sample(1).embeddings();
    var ex =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Embeddings(
                    e.dim(),
                    e.userIds(),
                    e.userVectors(),
                    e.userBias(),
                    e.movieIds(),
                    e.movieVectors(),
                    e.movieBias(),
                    new float[3],
                    e.features()));
    assertEquals("7 movie ids but 3 movie retrieval biases", ex.getMessage());
  }

  @Test
  void safeTensorsRejectsOffsetsOutsideTheFile() throws IOException {
    Path f = tmp.resolve("bad.safetensors");
    String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    var buf =
        java.nio.ByteBuffer.allocate(8 + header.length() + 8)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8)).putLong(0);
    Files.write(f, buf.array());
    var e = assertThrows(ArtifactException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains("tensor x has offsets [0, 16]"), e.getMessage());
  }

  @Test
  void trainingConfigIsTypedUnderHyperparameters() throws IOException {
    Path dir = tmp.resolve("model");
    ModelArtifacts.write(dir, sample(1));
    assertEquals(TRAINING, ModelArtifacts.readManifest(dir).hyperparameters());
    var h =
        new ObjectMapper()
            .readTree(dir.resolve(ModelArtifacts.MANIFEST).toFile())
            .get("hyperparameters");
    assertEquals("[0.0,5.5]", h.get("y_range").toString());
    assertEquals(1024, h.get("batch_size").asInt());
    assertEquals(0.1, h.get("valid_pct").asDouble());
    List<String> names = new java.util.ArrayList<>();
    h.fieldNames().forEachRemaining(names::add);
    assertEquals(names.stream().sorted().toList(), names, "alphabetical, as the map it replaced");
  }

  @Test
  void manifestsWrittenBeforeTheTypedConfigStillRead() throws IOException {
    Path dir = tmp.resolve("model");
    ModelArtifacts.write(dir, sample(1));
    Path mf = dir.resolve(ModelArtifacts.MANIFEST);
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(mf.toFile());
    // What TrainCommand's map wrote: the same names and JSON types, sorted.
    manifest.set(
        "hyperparameters",
        json.readTree(
            """
        {"batch_size": 1024, "epochs": 5, "factors": 3, "features": "all", "history_cap": 1024,
         "id_dropout": 0.05, "implicit": true, "init": "normal(0, 0.01)", "lr": 0.01, "models": 1,
         "movie_id_dropout": 0.0, "negatives": 512, "objective": "joint", "optimizer": "adam",
         "positive_min": 4.0, "retrieval_weight": 0.25, "schedule": "one-cycle", "seed": 42, "softmax": "auto",
         "split": "random", "temperature": 0.3, "valid_pct": 0.1, "wd": 1.0, "y_range": [0.0, 5.5]}
        """));
    json.writeValue(mf.toFile(), manifest);
    assertEquals(TRAINING, ModelArtifacts.read(dir).manifest().hyperparameters());
    // The synthetic generators' settings (and an empty map) were no training config.
    String synthetic = "{\"generator\": \"SyntheticArtifacts\", \"seed\": 7, \"factors\": 8}";
    for (String old : new String[] {synthetic, "{}", "null"}) {
      manifest.set("hyperparameters", json.readTree(old));
      json.writeValue(mf.toFile(), manifest);
      assertNull(ModelArtifacts.read(dir).manifest().hyperparameters(), old);
    }
    Files.writeString(mf, "[]");
    var e = assertThrows(ArtifactException.class, () -> ModelArtifacts.readManifest(dir));
    assertEquals(
        "corrupt model: " + mf + " is not a valid manifest: not a JSON object", e.getMessage());
  }
}
