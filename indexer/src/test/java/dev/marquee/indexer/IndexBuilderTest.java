package dev.marquee.indexer;

import static org.junit.jupiter.api.Assertions.*;

import dev.marquee.core.ArtifactException;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.MovieSet;
import dev.marquee.core.Scoring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBuilderTest {
  static final long SEED = Long.getLong("marquee.test.seed", 20261129L);
  static final IndexBuilder.Options FAST =
      IndexBuilder.Options.defaults().withM(16).withBeamWidth(100).withThreads(2);

  @TempDir static Path shared;
  static ModelArtifact model;
  static Path modelDir;
  static Path indexDir;

  @BeforeAll
  static void buildOnce() throws IOException {
    System.out.println(
        "IndexBuilderTest seed " + SEED + " (replay with -Dmarquee.test.seed=" + SEED + ")");
    modelDir = shared.resolve("model");
    model = SyntheticArtifacts.write(modelDir, 3000, 300, 16, SEED);
    indexDir = shared.resolve("index");
    IndexBuilder.build(modelDir, indexDir, FAST);
  }

  @Test
  void everyVectorReadBackEqualsTheArtifactsIncludingTheRetrievalBias() throws IOException {
    try (MovieIndex index = MovieIndex.open(indexDir)) {
      float[][] got = index.vectors();
      var e = model.embeddings();
      assertEquals(e.movieIds().length, got.length);
      for (int i = 0; i < got.length; i++) {
        assertArrayEquals(
            Scoring.itemVector(e.movieVectors()[i], e.movieRetrievalBias()[i]),
            got[i],
            "movie index " + i);
        assertEquals(
            e.movieRetrievalBias()[i],
            got[i][e.dim()],
            "bias column of movie index " + i + " is c_m");
      }
      // The fixture's two biases differ, so the check above could not pass with [m ; b_m].
      int differ = 0;
      for (int i = 0; i < got.length; i++) {
        differ += e.movieBias()[i] != e.movieRetrievalBias()[i] ? 1 : 0;
      }
      assertEquals(got.length, differ);
      for (int doc = 0; doc < index.size(); doc++) {
        int i = index.movieIndex(doc);
        assertEquals(e.movieIds()[i], index.movieId(doc));
        Document d = index.searcher().storedFields().document(doc);
        assertEquals(model.movies().get(i).title(), d.get(IndexSchema.TITLE));
        assertEquals(
            model.movies().get(i).year(), d.getField(IndexSchema.YEAR).numericValue().intValue());
        assertEquals(model.movies().get(i).genres(), List.of(d.getValues(IndexSchema.GENRE)));
      }
    }
  }

  @Test
  void commitDataMatchesTheModel() throws IOException {
    try (MovieIndex index = MovieIndex.open(indexDir)) {
      IndexInfo i = index.info();
      assertEquals(model.modelId(), i.modelId());
      assertEquals(IndexSchema.FORMAT_VERSION, i.formatVersion());
      assertEquals(16, i.factors());
      assertEquals(17, i.dim());
      assertEquals("MAXIMUM_INNER_PRODUCT", i.similarity());
      assertEquals(Transform.NONE, i.transform());
      assertEquals(16, i.m());
      assertEquals(100, i.beamWidth());
      assertEquals(Quantize.NONE, i.quantize());
      assertEquals(3000, i.movies());
      assertEquals(1, index.segments());
      index.requireModel(model.modelId(), 16);
      IndexException ex =
          assertThrows(IndexException.class, () -> index.requireModel("0123456789abcdef", 16));
      assertTrue(
          ex.getMessage()
              .contains(
                  "was built from model " + model.modelId() + ", not from model 0123456789abcdef"),
          ex.getMessage());
      ex = assertThrows(IndexException.class, () -> index.requireModel(model.modelId(), 8));
      assertTrue(ex.getMessage().startsWith("dimension mismatch"), ex.getMessage());
    }
  }

  @Test
  void recallAgainstExactSearchOnSeededRandomData() throws IOException {
    try (MovieIndex index = MovieIndex.open(indexDir, 0)) {
      Verifier.Report r =
          Verifier.run(model, index, new Verifier.Options(10, -1, new int[] {50, 100}, SEED, 10));
      assertEquals(300, r.users());
      assertTrue(
          r.points().get(0).recall() >= 0.95,
          "recall@10 at 50 candidates " + r.points().get(0) + ", seed " + SEED);
      assertTrue(
          r.points().get(1).recall() >= 0.98,
          "recall@10 at 100 candidates " + r.points().get(1) + ", seed " + SEED);
      Verifier.Report unseen =
          Verifier.run(model, index, new Verifier.Options(10, 100, new int[] {100}, SEED, 0, true));
      assertTrue(
          unseen.points().get(0).recall() >= 0.95,
          "recall@10 excluding rated movies " + unseen.points().get(0) + ", seed " + SEED);
    }
  }

  @Test
  void scoresAreTheInnerProductAndFiltersHold() throws IOException {
    var e = model.embeddings();
    try (MovieIndex index = MovieIndex.open(indexDir, 0)) {
      float[] q = Scoring.queryVector(e.userVectors()[7]);
      Candidates c = index.search(q, 50, null);
      assertEquals(50, c.size());
      assertTrue(c.visited() > 0);
      assertFalse(c.exact());
      for (int j = 0; j < c.size(); j++) {
        int i = c.movieIndices()[j];
        float exact =
            Scoring.retrievalScore(
                e.userVectors()[7], e.movieVectors()[i], e.movieRetrievalBias()[i]);
        assertEquals(exact, c.scores()[j], 1e-4f * Math.max(1, Math.abs(exact)));
        assertEquals(e.movieIds()[i], c.movieIds()[j]);
      }
      // Allowed rows: Drama or Comedy of 1950-1999, minus the two best movies.
      MovieSet allowed = new MovieSet(index.size());
      for (int i = 0; i < index.size(); i++) {
        var mv = model.movies().get(i);
        boolean genre = mv.genres().contains("Drama") || mv.genres().contains("Comedy");
        if (genre && mv.year() >= 1950 && mv.year() <= 1999) {
          allowed.add(i);
        }
      }
      allowed.remove(c.movieIndices()[0]);
      allowed.remove(c.movieIndices()[1]);
      Candidates fc = index.search(q, 50, allowed);
      assertEquals(50, fc.size());
      for (int row : fc.movieIndices()) {
        assertTrue(allowed.contains(row), "row " + row + " is not allowed");
      }
      int[] excludedRows = {c.movieIndices()[0], c.movieIndices()[2]};
      Candidates byRows = index.search(q, 50, MovieSet.allExcept(index.size(), excludedRows));
      assertEquals(c.movieIndices()[1], byRows.movieIndices()[0]);
      // Every row allowed is no filter at all.
      assertArrayEquals(
          c.movieIndices(), index.search(q, 50, MovieSet.all(index.size())).movieIndices());
      var ex =
          assertThrows(IllegalArgumentException.class, () -> index.search(q, 10, new MovieSet(7)));
      assertEquals(
          "allowedRows must range over the index's 3000 movies; universe=7", ex.getMessage());
      assertThrows(IllegalArgumentException.class, () -> index.search(new float[3], 10, null));
      assertThrows(IllegalArgumentException.class, () -> index.search(q, 0, null));
    }
  }

  @Test
  void allowedRowsAreMappedToDocumentsWhenDocumentOrderIsNotRowOrder(@TempDir Path dir)
      throws IOException {
    // The model's rows in reverse order over two segments: not the builder's layout, so search
    // remaps.
    var e = model.embeddings();
    int n = e.movieIds().length;
    float[][] items = new float[n][];
    for (int i = 0; i < n; i++) {
      items[i] = Scoring.itemVector(e.movieVectors()[i], e.movieRetrievalBias()[i]);
    }
    try (Directory d = FSDirectory.open(dir);
        IndexWriter w =
            new IndexWriter(d, new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE));
        MovieIndex built = MovieIndex.open(indexDir)) {
      for (int row = n - 1; row >= 0; row--) {
        Document doc = new Document();
        doc.add(new NumericDocValuesField(IndexSchema.MOVIE_ID, e.movieIds()[row]));
        doc.add(new NumericDocValuesField(IndexSchema.MOVIE_INDEX, row));
        doc.add(
            new KnnFloatVectorField(
                IndexSchema.VECTOR, items[row], VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
        w.addDocument(doc);
        if (row == n / 2) {
          w.flush();
        }
      }
      w.setLiveCommitData(built.info().toCommitData().entrySet());
      w.commit();
    }
    ExactSearch exact = new ExactSearch(items);
    float[] q = Scoring.queryVector(e.userVectors()[11]);
    MovieSet allowed = new MovieSet(n);
    for (int i = 0; i < n; i += 3) {
      allowed.add(i);
    }
    int[] skip = IntStream.range(0, n).filter(i -> !allowed.contains(i)).toArray();
    try (MovieIndex scan = MovieIndex.open(dir, Integer.MAX_VALUE);
        MovieIndex graph = MovieIndex.open(dir, 0)) {
      assertEquals(2, scan.segments());
      assertEquals(
          sorted(exact.topK(q, 20, skip)), sorted(scan.search(q, 20, allowed).movieIndices()));
      assertEquals(sorted(exact.topK(q, 20)), sorted(scan.search(q, 20, null).movieIndices()));
      Candidates c = graph.search(q, 20, allowed);
      assertEquals(20, c.size());
      for (int row : c.movieIndices()) {
        assertTrue(allowed.contains(row), "row " + row + " is not allowed");
      }
    }
  }

  static List<Integer> sorted(int[] rows) {
    return IntStream.of(rows).sorted().boxed().toList();
  }

  @Test
  void mlSizedCatalogHasFullRecallAtTheDefaults(@TempDir Path dir) throws IOException {
    ModelArtifact small = SyntheticArtifacts.write(dir.resolve("m"), 1682, 943, 40, SEED);
    IndexBuilder.build(
        dir.resolve("m"), dir.resolve("i"), IndexBuilder.Options.defaults().withThreads(2));
    try (MovieIndex index = MovieIndex.open(dir.resolve("i"))) {
      Verifier.Report r =
          Verifier.run(
              small,
              index,
              new Verifier.Options(10, -1, new int[] {MovieIndex.DEFAULT_NUM_CANDIDATES}, SEED, 0));
      assertEquals(1.0, r.points().get(0).recall(), "seed " + SEED);
      assertEquals(
          1.0, r.points().get(0).exactFraction(), "at 1,682 movies the default is an exact scan");
    }
  }

  @Test
  void interruptedBuildLeavesThePreviousIndex(@TempDir Path dir) throws IOException {
    Path other = dir.resolve("other-model");
    ModelArtifact second = SyntheticArtifacts.write(other, 500, 20, 16, SEED + 1);
    Path index = dir.resolve("index");
    IndexBuilder.build(modelDir, index, FAST);
    for (String stage : List.of("stage", "graph", "commit", "rename")) {
      IndexBuilder.Options crash =
          FAST.withListener(
              s -> {
                if (s.equals(stage)) {
                  throw new IOException("simulated crash at " + s);
                }
              });
      IOException ex =
          assertThrows(IOException.class, () -> IndexBuilder.build(other, index, crash));
      assertEquals("simulated crash at " + stage, ex.getMessage());
      try (MovieIndex mi = MovieIndex.open(index)) {
        assertEquals(model.modelId(), mi.info().modelId(), "after a crash at " + stage);
        assertEquals(3000, mi.size());
      }
      try (Stream<Path> s = Files.list(dir)) {
        List<String> left =
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".index.")).toList();
        assertEquals(List.of(".index.lock"), left, "leftovers");
      }
    }
    // A leftover from a killed build is cleaned up by the next build, which replaces the index.
    Files.createDirectories(dir.resolve(".index.tmp-123"));
    IndexBuilder.build(other, index, FAST);
    try (MovieIndex mi = MovieIndex.open(index)) {
      assertEquals(second.modelId(), mi.info().modelId());
    }
    assertFalse(Files.exists(dir.resolve(".index.tmp-123")));
  }

  @Test
  void openingAnIndexWhoseReplaceWasKilledRestoresThePreviousOne(@TempDir Path dir)
      throws IOException {
    Path index = dir.resolve("index");
    IndexBuilder.build(model, index, FAST);
    // A build killed between moving the old index aside and moving the new one in.
    Files.move(index, dir.resolve(".index.old-c0ffee"));
    Files.createDirectory(dir.resolve(".index.tmp-c0ffee"));
    try (MovieIndex mi = MovieIndex.open(index)) {
      assertEquals(model.modelId(), mi.info().modelId());
      assertEquals(3000, mi.size());
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(
          List.of(".index.lock", "index"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void quantizedAndTransformedIndexesWork(@TempDir Path dir) throws IOException {
    ModelArtifact small = SyntheticArtifacts.write(dir.resolve("m"), 1500, 100, 16, SEED);
    IndexBuilder.build(dir.resolve("m"), dir.resolve("q8"), FAST.withQuantize(Quantize.INT8));
    IndexBuilder.build(dir.resolve("m"), dir.resolve("cos"), FAST.withTransform(Transform.COSINE));
    try (MovieIndex q8 = MovieIndex.open(dir.resolve("q8"), 0);
        MovieIndex cos = MovieIndex.open(dir.resolve("cos"), 0)) {
      assertEquals(Quantize.INT8, q8.info().quantize());
      assertEquals(Transform.COSINE, cos.info().transform());
      assertEquals(18, cos.info().dim());
      assertEquals("DOT_PRODUCT", cos.info().similarity());
      Verifier.Options o = new Verifier.Options(10, -1, new int[] {100}, SEED, 0);
      assertTrue(Verifier.run(small, q8, o).points().get(0).recall() >= 0.95);
      double cosRecall = Verifier.run(small, cos, o).points().get(0).recall();
      assertTrue(cosRecall > 0.5, "cosine transform recall " + cosRecall);
      // The transform's scores are recovered as u·m + c_m.
      var e = small.embeddings();
      float[] q = Scoring.queryVector(e.userVectors()[3]);
      Candidates c = cos.search(q, 10, null);
      int i = c.movieIndices()[0];
      float exact =
          Scoring.retrievalScore(
              e.userVectors()[3], e.movieVectors()[i], e.movieRetrievalBias()[i]);
      assertEquals(exact, c.scores()[0], 1e-3f * Math.max(1, Math.abs(exact)));
    }
  }

  // ---- errors ----

  @Test
  void missingModel(@TempDir Path dir) {
    ArtifactException ex =
        assertThrows(
            ArtifactException.class,
            () -> IndexBuilder.build(dir.resolve("nope"), dir.resolve("i"), FAST));
    assertEquals("model directory " + dir.resolve("nope") + " does not exist", ex.getMessage());
  }

  @Test
  void corruptModel(@TempDir Path dir) throws IOException {
    Path m = dir.resolve("m");
    SyntheticArtifacts.write(m, 200, 10, 8, SEED);
    Path emb = m.resolve(ModelArtifacts.EMBEDDINGS);
    byte[] b = Files.readAllBytes(emb);
    b[b.length - 1] ^= 1;
    Files.write(emb, b);
    ArtifactException ex =
        assertThrows(ArtifactException.class, () -> IndexBuilder.build(m, dir.resolve("i"), FAST));
    assertTrue(
        ex.getMessage().startsWith("corrupt model: " + emb + " has SHA-256"), ex.getMessage());
  }

  @Test
  void existingNonIndexDirectoryIsRefused(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("photos");
    Files.createDirectories(target);
    Files.writeString(target.resolve("holiday.jpg"), "not an index");
    IndexException ex =
        assertThrows(IndexException.class, () -> IndexBuilder.build(modelDir, target, FAST));
    assertEquals(
        "index target "
            + target
            + " exists and is not an index directory (it holds 1 entries, e.g. holiday.jpg); refusing to replace it",
        ex.getMessage());
    assertEquals("not an index", Files.readString(target.resolve("holiday.jpg")));
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    ex = assertThrows(IndexException.class, () -> IndexBuilder.build(modelDir, file, FAST));
    assertEquals(
        "index target " + file + " exists and is not a directory; refusing to replace it",
        ex.getMessage());
  }

  @Test
  void unwritableTarget(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("plain-file");
    Files.writeString(file, "x");
    Path target = file.resolve("index");
    IndexException ex =
        assertThrows(IndexException.class, () -> IndexBuilder.build(modelDir, target, FAST));
    assertEquals(
        "cannot create index " + target + ": " + file + " is not a directory", ex.getMessage());
    Path ro = dir.resolve("read-only");
    Files.createDirectories(ro);
    if (ro.toFile().setWritable(false, false)
        && !Files.isWritable(ro)) { // root can write anyway: then this half is skipped
      ex =
          assertThrows(
              IndexException.class, () -> IndexBuilder.build(modelDir, ro.resolve("index"), FAST));
      assertEquals(
          "cannot write index " + ro.resolve("index") + ": directory " + ro + " is not writable",
          ex.getMessage());
    }
    ro.toFile().setWritable(true, false);
  }

  @Test
  void dimensionMismatch(@TempDir Path dir) throws IOException {
    Path m = dir.resolve("m");
    SyntheticArtifacts.write(m, 200, 10, 8, SEED);
    Path mf = m.resolve(ModelArtifacts.MANIFEST);
    String json = Files.readString(mf, StandardCharsets.UTF_8);
    assertTrue(json.contains("\"factors\" : 8"), json);
    Files.writeString(
        mf, json.replace("\"factors\" : 8", "\"factors\" : 9"), StandardCharsets.UTF_8);
    ArtifactException ex =
        assertThrows(ArtifactException.class, () -> IndexBuilder.build(m, dir.resolve("i"), FAST));
    assertTrue(ex.getMessage().startsWith("dimension mismatch: model "), ex.getMessage());
    assertTrue(
        ex.getMessage().endsWith("manifest says factors=9 but movie_vectors have 8 columns"),
        ex.getMessage());
  }

  @Test
  void badOptionsNameTheValue() {
    var ex = assertThrows(IllegalArgumentException.class, () -> FAST.withM(1));
    assertEquals("m must be in [2, 512]; m=1", ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class, () -> FAST.withBeamWidth(0));
    assertEquals("beam width must be in [1, 3200]; beam-width=0", ex.getMessage());
  }

  @Test
  void openingANonIndexFails(@TempDir Path dir) throws IOException {
    IndexException ex =
        assertThrows(IndexException.class, () -> MovieIndex.open(dir.resolve("none")));
    assertEquals("index directory " + dir.resolve("none") + " does not exist", ex.getMessage());
    ex = assertThrows(IndexException.class, () -> MovieIndex.open(dir));
    assertEquals(
        dir + " is not a Lucene index (no segments file); build one with `indexer build`",
        ex.getMessage());
  }
}
