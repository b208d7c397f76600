package dev.marquee.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the model artifact: a directory holding
 *
 * <ul>
 *   <li>{@code manifest.json}: a {@link Manifest}, including the SHA-256 of each file below;
 *   <li>{@code embeddings.safetensors}: {@code user_ids} I64[U], {@code user_vectors} F32[U,d],
 *       {@code user_bias} F32[U], {@code movie_ids} I64[M], {@code movie_vectors} F32[M,d], {@code
 *       movie_bias} F32[M] (b_m, the rating head's bias), {@code movie_retrieval_bias} F32[M] (c_m,
 *       the ranking head's bias: the index stores [m ; c_m], see {@link Scoring}), and per feature
 *       table {@code feature/NAME/vectors} F32[V,d] and {@code feature/NAME/bias} F32[V], with the
 *       table's vocabulary as JSON in the metadata entry {@code vocab/NAME}. The model id is the
 *       first 16 hex digits of this file's SHA-256;
 *   <li>{@code ratings.safetensors}: the {@link RatingLog}: {@code offsets} I64[U+1], {@code
 *       movies} I32[R] (movie indices), {@code ratings} F32[R];
 *   <li>{@code movies.tsv}: header then {@code movie_id, year, genres ('|'-joined), title}, in
 *       embedding order; {@code users.tsv}: header then {@code user_id, age, gender, occupation}.
 * </ul>
 *
 * <p>Writes go through {@link AtomicDirectory}, so a crash leaves either the old model or the new
 * one, and readers repair a replace that a crash interrupted. Reads check the format name, the
 * version range {@link #MIN_VERSION}..{@link #VERSION} and every checksum before parsing anything.
 *
 * <p>Versions: 1 had one movie bias, used both to rank and to predict ratings. 2 adds {@code
 * movie_retrieval_bias}, the ranking head's c_m. A version-1 artifact is refused rather than read
 * with c_m = b_m: that would silently serve a rating-ordered list under the new contract, and its
 * index would have to be rebuilt anyway, so the honest answer is to retrain. 3 adds the dataset's
 * rating scale ({@code rating_min}, {@code rating_max}); a version-2 manifest is read with its
 * prediction range as the scale, the bound servers checked ratings against before.
 */
public final class ModelArtifacts {
  public static final String FORMAT = "marquee-model";

  /** The version this build writes. */
  public static final int VERSION = 3;

  /** The oldest version this build reads (1 lacks the retrieval bias, see the class comment). */
  public static final int MIN_VERSION = 2;

  public static final String MANIFEST = "manifest.json";
  public static final String EMBEDDINGS = "embeddings.safetensors";
  public static final String RATINGS = "ratings.safetensors";
  public static final String MOVIES = "movies.tsv";
  public static final String USERS = "users.tsv";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ModelArtifacts() {}

  /**
   * Writes the files a caller adds to the model directory before it is published (the trainer's
   * plots).
   */
  @FunctionalInterface
  public interface ExtraFiles {
    void writeInto(Path dir) throws IOException;
  }

  /**
   * Writes an artifact into {@code dir}, replacing a previous model there. The manifest's format,
   * version, model id, creation time, counts, vocabularies and checksums are filled in here.
   *
   * @return the artifact as written, with its final manifest
   */
  public static ModelArtifact write(Path dir, ModelArtifact draft) throws IOException {
    return write(dir, draft, tmp -> {});
  }

  /**
   * Like {@link #write(Path, ModelArtifact)}, with {@code extras} written into the same directory
   * before it is published, so that they appear with the model or not at all.
   */
  public static ModelArtifact write(Path dir, ModelArtifact draft, ExtraFiles extras)
      throws IOException {
    dir = dir.toAbsolutePath().normalize();
    if (Files.exists(dir) && !isReplaceable(dir)) {
      throw new FileAlreadyExistsException(
          dir.toString(),
          null,
          "exists and is not a Marquee model directory; refusing to replace it");
    }
    try (AtomicDirectory out = AtomicDirectory.create(dir)) {
      Path tmp = out.dir();
      Embeddings e = draft.embeddings();
      Map<String, List<String>> vocabularies = new LinkedHashMap<>();
      SafeTensors.Writer emb =
          new SafeTensors.Writer()
              .i64("user_ids", e.userIds())
              .f32("user_vectors", e.userVectors(), e.dim())
              .f32("user_bias", e.userBias(), e.userBias().length)
              .i64("movie_ids", e.movieIds())
              .f32("movie_vectors", e.movieVectors(), e.dim())
              .f32("movie_bias", e.movieBias(), e.movieBias().length)
              .f32("movie_retrieval_bias", e.movieRetrievalBias(), e.movieRetrievalBias().length);
      for (FeatureTable t : e.features()) {
        emb.f32("feature/" + t.name() + "/vectors", t.vectors(), e.dim())
            .f32("feature/" + t.name() + "/bias", t.bias(), t.bias().length)
            .metadata("vocab/" + t.name(), JSON.writeValueAsString(t.vocabulary()));
        vocabularies.put(t.name(), t.vocabulary());
      }
      emb.write(tmp.resolve(EMBEDDINGS));
      RatingLog r = draft.ratings();
      new SafeTensors.Writer()
          .i64("offsets", r.offsets())
          .i32("movies", r.movies())
          .f32("ratings", r.ratings(), r.ratings().length)
          .write(tmp.resolve(RATINGS));
      writeMovies(tmp.resolve(MOVIES), draft.movies());
      writeUsers(tmp.resolve(USERS), draft.users());

      Map<String, String> files = new LinkedHashMap<>();
      for (String f : List.of(EMBEDDINGS, RATINGS, MOVIES, USERS)) {
        files.put(f, sha256(tmp.resolve(f)));
      }
      Manifest d = draft.manifest();
      Manifest m =
          new Manifest(
              FORMAT,
              VERSION,
              files.get(EMBEDDINGS).substring(0, 16),
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
              d.dataset(),
              d.datasetFingerprint(),
              d.split(),
              d.features(),
              e.dim(),
              d.yMin(),
              d.yMax(),
              d.ratingMin(),
              d.ratingMax(),
              e.userIds().length,
              e.movieIds().length,
              r.movies().length,
              d.hyperparameters(),
              d.metrics(),
              vocabularies,
              files);
      JSON.writeValue(tmp.resolve(MANIFEST).toFile(), m);
      extras.writeInto(tmp);
      out.publish();
      return new ModelArtifact(m, e, draft.movies(), draft.users(), r);
    }
  }

  /** Reads only the manifest, after the format and version checks (no checksums: cheap). */
  public static Manifest readManifest(Path dir) throws IOException {
    AtomicDirectory.recover(dir);
    if (!Files.isDirectory(dir)) {
      throw new ArtifactException("model directory " + dir + " does not exist");
    }
    Path mf = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(mf)) {
      throw new ArtifactException(dir + " is not a Marquee model: " + MANIFEST + " is missing");
    }
    Manifest m;
    try {
      if (!(JSON.readTree(mf.toFile()) instanceof ObjectNode tree)) {
        throw new IOException("not a JSON object");
      }
      // Version-2 manifests written before the typed training config held any settings under this
      // key (the synthetic generators' own, or none): without an objective they are not the
      // trainer's.
      if (tree.get("hyperparameters") instanceof ObjectNode h && !h.has("objective")) {
        tree.remove("hyperparameters");
      }
      if (tree.path("version").asInt() == 2) {
        tree.set("rating_min", tree.get("y_min"));
        tree.set("rating_max", tree.get("y_max"));
      }
      m = JSON.treeToValue(tree, Manifest.class);
    } catch (IOException ex) {
      throw new ArtifactException(
          "corrupt model: "
              + mf
              + " is not a valid manifest: "
              + ex.getMessage().lines().findFirst().orElse(""),
          ex);
    }
    if (!FORMAT.equals(m.format())) {
      throw new ArtifactException(
          mf + ": format is '" + m.format() + "', expected '" + FORMAT + "'");
    }
    if (m.version() > VERSION) {
      throw new ArtifactException(
          dir
              + ": model format version "
              + m.version()
              + " is too new for this build (reads "
              + MIN_VERSION
              + ".."
              + VERSION
              + "); upgrade Marquee");
    }
    if (m.version() < MIN_VERSION) {
      throw new ArtifactException(
          dir
              + ": model format version "
              + m.version()
              + " is no longer supported (this build reads "
              + MIN_VERSION
              + ".."
              + VERSION
              + "); retrain with this version");
    }
    return m;
  }

  /** Reads and verifies a whole artifact. */
  public static ModelArtifact read(Path dir) throws IOException {
    Manifest m = readManifest(dir);
    for (String f : List.of(EMBEDDINGS, RATINGS, MOVIES, USERS)) {
      Path p = dir.resolve(f);
      String want = m.files().get(f);
      if (want == null) {
        throw new ArtifactException(
            "corrupt model: " + dir.resolve(MANIFEST) + " has no checksum for " + f);
      }
      if (!Files.isRegularFile(p)) {
        throw new ArtifactException("corrupt model: " + p + " is missing");
      }
      String got = sha256(p);
      if (!got.equals(want)) {
        throw new ArtifactException(
            "corrupt model: " + p + " has SHA-256 " + got + ", manifest says " + want);
      }
    }
    try {
      Embeddings e = readEmbeddings(dir.resolve(EMBEDDINGS));
      if (!m.modelId().equals(m.files().get(EMBEDDINGS).substring(0, 16))) {
        throw new ArtifactException(
            "corrupt model: model id " + m.modelId() + " does not match " + EMBEDDINGS);
      }
      var rt = SafeTensors.read(dir.resolve(RATINGS));
      RatingLog r =
          new RatingLog(
              rt.get("offsets").longs(), rt.get("movies").ints(), rt.get("ratings").floats());
      return new ModelArtifact(
          m, e, readMovies(dir.resolve(MOVIES)), readUsers(dir.resolve(USERS)), r);
    } catch (IllegalArgumentException | IllegalStateException ex) {
      throw new ArtifactException("corrupt model in " + dir + ": " + ex.getMessage(), ex);
    }
  }

  private static Embeddings readEmbeddings(Path file) throws IOException {
    var c = SafeTensors.read(file);
    List<FeatureTable> tables = new ArrayList<>();
    for (String name : c.namesStartingWith("feature/")) {
      if (!name.endsWith("/vectors")) {
        continue;
      }
      String table = name.substring("feature/".length(), name.length() - "/vectors".length());
      String vocab = c.metadata().get("vocab/" + table);
      if (vocab == null) {
        throw new ArtifactException(file + ": feature table " + table + " has no vocabulary");
      }
      tables.add(
          new FeatureTable(
              table,
              JSON.readValue(vocab, new TypeReference<List<String>>() {}),
              c.get(name).matrix(),
              c.get("feature/" + table + "/bias").floats()));
    }
    var uv = c.get("user_vectors");
    int dim = Math.toIntExact(uv.shape().length == 2 ? uv.shape()[1] : -1);
    return new Embeddings(
        dim,
        c.get("user_ids").longs(),
        uv.matrix(),
        c.get("user_bias").floats(),
        c.get("movie_ids").longs(),
        c.get("movie_vectors").matrix(),
        c.get("movie_bias").floats(),
        c.get("movie_retrieval_bias").floats(),
        tables);
  }

  private static void writeMovies(Path file, List<MovieInfo> movies) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("movie_id\tyear\tgenres\ttitle\n");
      for (MovieInfo mv : movies) {
        w.write(
            mv.id()
                + "\t"
                + mv.year()
                + "\t"
                + String.join("|", mv.genres())
                + "\t"
                + clean(mv.title())
                + "\n");
      }
    }
  }

  private static void writeUsers(Path file, List<UserInfo> users) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("user_id\tage\tgender\toccupation\n");
      for (UserInfo u : users) {
        w.write(
            u.id()
                + "\t"
                + u.age()
                + "\t"
                + clean(u.gender())
                + "\t"
                + clean(u.occupation())
                + "\n");
      }
    }
  }

  private static List<MovieInfo> readMovies(Path file) throws IOException {
    List<MovieInfo> out = new ArrayList<>();
    List<String[]> rows = rows(file, 4);
    for (String[] f : rows) {
      List<String> genres = f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split("\\|"));
      out.add(new MovieInfo(Long.parseLong(f[0]), f[3], Integer.parseInt(f[1]), genres));
    }
    return out;
  }

  private static List<UserInfo> readUsers(Path file) throws IOException {
    List<UserInfo> out = new ArrayList<>();
    for (String[] f : rows(file, 4)) {
      out.add(new UserInfo(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2], f[3]));
    }
    return out;
  }

  private static List<String[]> rows(Path file, int fields) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      int[] no = {0};
      for (String line : (Iterable<String>) lines::iterator) {
        if (no[0]++ == 0) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != fields) {
          throw new ArtifactException(
              "corrupt model: "
                  + file
                  + ":"
                  + no[0]
                  + ": expected "
                  + fields
                  + " fields, got "
                  + f.length);
        }
        out.add(f);
      }
    }
    return out;
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  /** SHA-256 of a file, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static boolean isReplaceable(Path dir) throws IOException {
    return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(MANIFEST))
        || AtomicDirectory.isEmpty(dir);
  }
}
