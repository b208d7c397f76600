package dev.marquee.indexer;

import static dev.marquee.indexer.IndexSchema.*;

import dev.marquee.core.ArtifactException;
import dev.marquee.core.AtomicDirectory;
import dev.marquee.core.Embeddings;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.MovieInfo;
import dev.marquee.core.Scoring;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

/**
 * Builds the movie index ({@link IndexSchema}) from a model artifact, crash-safely.
 *
 * <p>Steps: (1) the documents go into an in-memory staging index whose vectors format builds no
 * graph, with a RAM buffer large enough for one flush; (2) that segment is merged with {@code
 * addIndexes} into a new index in an {@link AtomicDirectory} beside the target, which builds the
 * HNSW graph once, with {@code threads} concurrent workers (Lucene's concurrent merge builder),
 * into a single segment; (3) commit with the {@link IndexInfo} as user data; (4) publish, which
 * puts the new index in place of the old one. A failure or a kill at any point leaves the old index
 * or the new one (the next build removes the leftover temporary directory).
 */
public final class IndexBuilder {
  /** Defaults, chosen by the 1M benchmark (BENCHMARKS.md, "Indexer"). */
  public static final int DEFAULT_M = 32;

  public static final int DEFAULT_BEAM_WIDTH = 200;

  /**
   * Observes the build's stages; a stage that throws aborts the build (tests simulate a crash this
   * way).
   */
  @FunctionalInterface
  public interface Listener {
    void stage(String stage) throws IOException;

    Listener NONE = s -> {};
  }

  /**
   * Build settings.
   *
   * @param m HNSW max connections, in [2, 512]
   * @param beamWidth HNSW construction beam, in [1, 3200]
   * @param quantize graph vector encoding
   * @param transform MIP directly, or the cosine reduction
   * @param threads graph-building threads, >= 1
   * @param listener stage observer
   */
  public record Options(
      int m,
      int beamWidth,
      Quantize quantize,
      Transform transform,
      int threads,
      Listener listener) {
    public Options {
      if (m < 2 || m > IndexCodec.MAX_M) {
        throw new IllegalArgumentException("m must be in [2, " + IndexCodec.MAX_M + "]; m=" + m);
      }
      if (beamWidth < 1 || beamWidth > IndexCodec.MAX_BEAM_WIDTH) {
        throw new IllegalArgumentException(
            "beam width must be in [1, "
                + IndexCodec.MAX_BEAM_WIDTH
                + "]; beam-width="
                + beamWidth);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1; threads=" + threads);
      }
      if (quantize == null || transform == null || listener == null) {
        throw new NullPointerException("quantize, transform and listener are required");
      }
    }

    /** The defaults, with all processors. */
    public static Options defaults() {
      return new Options(
          DEFAULT_M,
          DEFAULT_BEAM_WIDTH,
          Quantize.NONE,
          Transform.NONE,
          Runtime.getRuntime().availableProcessors(),
          Listener.NONE);
    }

    public Options withM(int v) {
      return new Options(v, beamWidth, quantize, transform, threads, listener);
    }

    public Options withBeamWidth(int v) {
      return new Options(m, v, quantize, transform, threads, listener);
    }

    public Options withQuantize(Quantize v) {
      return new Options(m, beamWidth, v, transform, threads, listener);
    }

    public Options withTransform(Transform v) {
      return new Options(m, beamWidth, quantize, v, threads, listener);
    }

    public Options withThreads(int v) {
      return new Options(m, beamWidth, quantize, transform, v, listener);
    }

    public Options withListener(Listener v) {
      return new Options(m, beamWidth, quantize, transform, threads, v);
    }
  }

  /**
   * What a build did.
   *
   * @param info the commit data written
   * @param index the index directory
   * @param loadSeconds reading and verifying the model artifact (0 when given an artifact)
   * @param stageSeconds adding the documents (no graph)
   * @param graphSeconds building the HNSW graph into one segment
   * @param commitSeconds commit (fsync) and rename
   * @param bytes index size on disk
   */
  public record Report(
      IndexInfo info,
      Path index,
      double loadSeconds,
      double stageSeconds,
      double graphSeconds,
      double commitSeconds,
      long bytes) {
    public double totalSeconds() {
      return loadSeconds + stageSeconds + graphSeconds + commitSeconds;
    }
  }

  private IndexBuilder() {}

  /**
   * Reads and verifies the model at {@code modelDir}, then builds its index at {@code indexDir}.
   */
  public static Report build(Path modelDir, Path indexDir, Options options) throws IOException {
    Path target = indexDir.toAbsolutePath().normalize();
    checkTarget(target);
    long t0 = System.nanoTime();
    ModelArtifact artifact = ModelArtifacts.read(modelDir);
    double load = (System.nanoTime() - t0) / 1e9;
    Report r = build(artifact, target, options);
    return new Report(
        r.info(),
        r.index(),
        load,
        r.stageSeconds(),
        r.graphSeconds(),
        r.commitSeconds(),
        r.bytes());
  }

  /**
   * Builds the index of an artifact already in memory at {@code indexDir}, replacing an index
   * there.
   */
  public static Report build(ModelArtifact artifact, Path indexDir, Options options)
      throws IOException {
    Path target = indexDir.toAbsolutePath().normalize();
    checkTarget(target);
    Embeddings e = artifact.embeddings();
    int factors = e.dim();
    if (artifact.manifest().factors() != factors) {
      throw new ArtifactException(
          "dimension mismatch: model "
              + artifact.modelId()
              + ": manifest says factors="
              + artifact.manifest().factors()
              + " but movie_vectors have "
              + factors
              + " columns");
    }
    int dim = factors + (options.transform() == Transform.COSINE ? 2 : 1);
    int maxDim = org.apache.lucene.codecs.KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS;
    if (dim > maxDim) {
      throw new IndexException(
          "dimension mismatch: the model has "
              + factors
              + " factors, so vectors of dimension "
              + dim
              + ", above Lucene's limit "
              + maxDim);
    }
    int n = e.movieIds().length;
    if (n == 0) {
      throw new ArtifactException(
          "model " + artifact.modelId() + " has no movies; nothing to index");
    }
    float[][] items = new float[n][];
    double maxNorm2 = 0;
    for (int i = 0; i < n; i++) {
      items[i] = Scoring.itemVector(e.movieVectors()[i], e.movieRetrievalBias()[i]);
      maxNorm2 = Math.max(maxNorm2, Scoring.dot(items[i], items[i]));
    }
    float maxNorm = (float) Math.sqrt(maxNorm2);
    VectorSimilarityFunction sim =
        options.transform() == Transform.COSINE
            ? VectorSimilarityFunction.DOT_PRODUCT
            : VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    IndexInfo info =
        new IndexInfo(
            FORMAT_VERSION,
            artifact.modelId(),
            factors,
            dim,
            sim.name(),
            options.transform(),
            maxNorm,
            options.m(),
            options.beamWidth(),
            options.quantize(),
            n,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            Version.LATEST.toString(),
            options.threads());

    AtomicDirectory out;
    try {
      out = AtomicDirectory.create(target);
    } catch (AccessDeniedException ex) {
      throw new IndexException(
          "cannot write index " + target + ": directory " + target.getParent() + " is not writable",
          ex);
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.threads(), daemonThreads());
    try (out) {
      long t0 = System.nanoTime();
      options.listener().stage("stage");
      // 1M x 41 floats is 164 MB; leave room for the other fields so that one flush holds
      // everything.
      double ramMb = Math.min(1900, Math.max(64, 2.5 * n * (dim * 4.0 + 64) / (1 << 20)));
      double stage, graph;
      long t2;
      try (Directory staging = new ByteBuffersDirectory()) {
        IndexWriterConfig sc =
            new IndexWriterConfig()
                .setCodec(IndexCodec.staging())
                .setRAMBufferSizeMB(ramMb)
                .setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH)
                .setMergePolicy(NoMergePolicy.INSTANCE)
                .setUseCompoundFile(false);
        try (IndexWriter w = new IndexWriter(staging, sc)) {
          for (int i = 0; i < n; i++) {
            w.addDocument(
                document(
                    i,
                    artifact.movies().get(i),
                    vector(items[i], options.transform(), maxNorm),
                    sim));
          }
          w.commit();
        }
        stage = (System.nanoTime() - t0) / 1e9;
        options.listener().stage("graph");
        long t1 = System.nanoTime();
        IndexWriterConfig fc =
            new IndexWriterConfig()
                .setCodec(
                    IndexCodec.hnsw(
                        options.m(),
                        options.beamWidth(),
                        options.quantize(),
                        options.threads(),
                        pool))
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setUseCompoundFile(false)
                .setRAMBufferSizeMB(ramMb);
        fc.getMergePolicy().setNoCFSRatio(0.0);
        try (Directory dir = FSDirectory.open(out.dir());
            DirectoryReader staged = DirectoryReader.open(staging);
            IndexWriter w = new IndexWriter(dir, fc)) {
          List<CodecReader> leaves = new ArrayList<>();
          for (LeafReaderContext c : staged.leaves()) {
            leaves.add((CodecReader) c.reader());
          }
          w.addIndexes(leaves.toArray(new CodecReader[0]));
          w.forceMerge(1);
          graph = (System.nanoTime() - t1) / 1e9;
          options.listener().stage("commit");
          t2 = System.nanoTime();
          w.setLiveCommitData(info.toCommitData().entrySet());
          w.commit();
        }
      }
      options.listener().stage("rename");
      out.publish();
      double commit = (System.nanoTime() - t2) / 1e9;
      return new Report(info, target, 0, stage, graph, commit, sizeOnDisk(target));
    } finally {
      pool.shutdownNow();
    }
  }

  /** The indexed vector for [m ; c_m] under a transform. */
  static float[] vector(float[] item, Transform transform, float maxNorm) {
    if (transform == Transform.NONE) {
      return item;
    }
    float[] v = java.util.Arrays.copyOf(item, item.length + 1);
    double rest = (double) maxNorm * maxNorm - Scoring.dot(item, item);
    v[item.length] = (float) Math.sqrt(Math.max(0, rest));
    for (int i = 0; i < v.length; i++) {
      v[i] /= maxNorm;
    }
    return v;
  }

  private static Document document(
      int index, MovieInfo movie, float[] vector, VectorSimilarityFunction sim) {
    Document d = new Document();
    d.add(new LongPoint(MOVIE_ID, movie.id()));
    d.add(new NumericDocValuesField(MOVIE_ID, movie.id()));
    d.add(new StoredField(MOVIE_ID, movie.id()));
    d.add(new NumericDocValuesField(MOVIE_INDEX, index));
    d.add(new StoredField(MOVIE_INDEX, index));
    d.add(new StoredField(TITLE, movie.title()));
    d.add(new IntField(YEAR, movie.year(), Field.Store.YES));
    for (String g : movie.genres()) {
      d.add(new KeywordField(GENRE, g, Field.Store.YES));
    }
    d.add(new KnnFloatVectorField(VECTOR, vector, sim));
    return d;
  }

  /**
   * Refuses targets that are not (or cannot become) a Marquee index: a file, a non-empty directory
   * that is not a Marquee index, a parent that is a file or not writable.
   */
  static void checkTarget(Path target) throws IOException {
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new IndexException(
          "index target " + target + " exists and is not a directory; refusing to replace it");
    }
    if (Files.isDirectory(target)) {
      List<String> entries = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(target)) {
        for (Path p : s) {
          entries.add(p.getFileName().toString());
        }
      }
      if (!entries.isEmpty()) {
        try (Directory d = FSDirectory.open(target)) {
          if (!DirectoryReader.indexExists(d)) {
            throw new IndexException(
                "index target "
                    + target
                    + " exists and is not an index directory (it holds "
                    + entries.size()
                    + " entries, e.g. "
                    + entries.get(0)
                    + "); refusing to replace it");
          }
          try (DirectoryReader r = DirectoryReader.open(d)) {
            IndexInfo.fromCommitData(r.getIndexCommit().getUserData(), target.toString());
          } catch (IndexException ex) {
            throw new IndexException(
                "index target "
                    + target
                    + " is not a Marquee index that can be replaced: "
                    + ex.getMessage(),
                ex);
          } catch (IOException ex) {
            throw new IndexException(
                "index target "
                    + target
                    + " holds an unreadable index ("
                    + ex.getMessage()
                    + "); refusing to replace it; delete it by hand if it is disposable",
                ex);
          }
        }
      }
    }
    Path parent = target.getParent();
    for (Path p = parent; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new IndexException(
              "cannot create index " + target + ": " + p + " is not a directory");
        }
        if (!Files.isWritable(p)) {
          throw new IndexException(
              "cannot write index " + target + ": directory " + p + " is not writable");
        }
        break;
      }
    }
    try {
      Files.createDirectories(parent);
    } catch (AccessDeniedException ex) {
      throw new IndexException(
          "cannot write index " + target + ": cannot create " + parent + " (permission denied)",
          ex);
    }
  }

  /** Total size of the files under a directory. */
  public static long sizeOnDisk(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger no = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "hnsw-build-" + no.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
