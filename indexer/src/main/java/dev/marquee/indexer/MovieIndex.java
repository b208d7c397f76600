package dev.marquee.indexer;

import static dev.marquee.indexer.IndexSchema.*;

import dev.marquee.core.AtomicDirectory;
import dev.marquee.core.MovieSet;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.FixedBitSet;

/**
 * Read side of the movie index, for the server and {@code indexer verify}.
 *
 * <pre>{@code
 * try (MovieIndex index = MovieIndex.open(indexDir)) {
 *   index.requireModel(artifact.modelId(), artifact.embeddings().dim());
 *   MovieSet allowed = MovieSet.allExcept(index.size(), artifact.ratings().moviesOf(userIndex)); // artifact rows
 *   Candidates c = index.search(Scoring.queryVector(u), MovieIndex.DEFAULT_NUM_CANDIDATES, allowed);
 *   // rerank c.movieIndices() exactly by u·m + c_m (Scoring.retrievalScore), keep the top k
 * }
 * }</pre>
 *
 * <p>To reload after a rebuild (the builder renames a new directory into place), open a new {@code
 * MovieIndex} on the same path, swap it in, then close the old one.
 *
 * <p>Opening reads the commit data ({@link IndexInfo}) and builds the docId to movie index and id
 * maps once from doc values: callers speak artifact rows only, and {@link #search} maps them to and
 * from documents. {@link #search} is thread-safe; each call is single-threaded.
 */
public final class MovieIndex implements AutoCloseable {
  /**
   * Default candidate count: recall@10 >= 0.95 at 1M movies with the default graph (BENCHMARKS.md).
   */
  public static final int DEFAULT_NUM_CANDIDATES = 100;

  /**
   * Default exact threshold, the one both {@code indexer verify} and the server ({@code
   * --exact-below}) use, so verify measures what is served: searches over at most this many allowed
   * movies scan them exactly instead of walking the graph ({@link #open(Path, int)}), and the
   * server scans a catalogue smaller than this without the index. At the MovieLens sizes that
   * guarantees recall 1.0 for less than the graph's cost (BENCHMARKS.md, "1,682 movies" and
   * "Server").
   */
  public static final int DEFAULT_EXACT_THRESHOLD = 20_000;

  /** Largest candidate count {@link #search} accepts. */
  public static final int MAX_NUM_CANDIDATES = 10_000;

  private final Path path;
  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final IndexInfo info;
  private final int[] docToIndex;
  private final long[] docToId;

  /**
   * Whether doc id == artifact row over a single leaf (the builder's layout): then allowed rows
   * need no remapping.
   */
  private final boolean rowsAreDocs;

  private final int exactThreshold;

  private MovieIndex(
      Path path,
      Directory directory,
      DirectoryReader reader,
      IndexInfo info,
      int[] docToIndex,
      long[] docToId,
      int exactThreshold) {
    this.exactThreshold = exactThreshold;
    this.path = path;
    this.directory = directory;
    this.reader = reader;
    this.info = info;
    this.docToIndex = docToIndex;
    this.docToId = docToId;
    boolean same = reader.leaves().size() == 1 && docToIndex.length == reader.numDocs();
    for (int doc = 0; same && doc < docToIndex.length; doc++) {
      same = docToIndex[doc] == doc;
    }
    this.rowsAreDocs = same;
    this.searcher = new IndexSearcher(reader);
  }

  /**
   * Opens the index at {@code dir}, checking that it is a Marquee index of a readable version and
   * that every file matches its checksum.
   *
   * @throws IndexException when the directory is missing, not an index, not a Marquee index, of an
   *     unsupported version, or corrupt
   */
  public static MovieIndex open(Path dir) throws IOException {
    return open(dir, DEFAULT_EXACT_THRESHOLD);
  }

  /**
   * Opens the index at {@code dir}; searches whose allowed movies (all, or those passing the
   * filter) number at most {@code exactThreshold} are answered by an exact scan (0: always use the
   * graph, except where Lucene itself falls back to a scan for a selective filter).
   */
  public static MovieIndex open(Path dir, int exactThreshold) throws IOException {
    if (exactThreshold < 0) {
      throw new IllegalArgumentException(
          "exactThreshold must be >= 0; exactThreshold=" + exactThreshold);
    }
    AtomicDirectory.recover(dir);
    if (!Files.isDirectory(dir)) {
      throw new IndexException("index directory " + dir + " does not exist");
    }
    Directory d = FSDirectory.open(dir);
    DirectoryReader r = null;
    try {
      if (!DirectoryReader.indexExists(d)) {
        throw new IndexException(
            dir + " is not a Lucene index (no segments file); build one with `indexer build`");
      }
      try {
        r = DirectoryReader.open(d);
      } catch (CorruptIndexException ex) {
        throw new IndexException("corrupt index " + dir + ": " + ex.getMessage(), ex);
      }
      verifyChecksums(d, r.getIndexCommit(), dir);
      IndexInfo info = IndexInfo.fromCommitData(r.getIndexCommit().getUserData(), dir.toString());
      if (r.numDocs() != info.movies()) {
        throw new IndexException(
            "corrupt index "
                + dir
                + ": "
                + r.numDocs()
                + " documents, commit data says "
                + info.movies());
      }
      int[] docToIndex = new int[r.maxDoc()];
      long[] docToId = new long[r.maxDoc()];
      for (LeafReaderContext c : r.leaves()) {
        LeafReader leaf = c.reader();
        FieldInfo fi = leaf.getFieldInfos().fieldInfo(VECTOR);
        if (fi == null
            || fi.getVectorDimension() != info.dim()
            || !fi.getVectorSimilarityFunction().name().equals(info.similarity())) {
          throw new IndexException(
              "corrupt index "
                  + dir
                  + ": vector field "
                  + VECTOR
                  + " is "
                  + (fi == null
                      ? "missing"
                      : fi.getVectorDimension()
                          + "-dimensional "
                          + fi.getVectorSimilarityFunction())
                  + ", commit data says "
                  + info.dim()
                  + "-dimensional "
                  + info.similarity());
        }
        fill(leaf, MOVIE_INDEX, c.docBase, docToIndex, null, dir);
        fill(leaf, MOVIE_ID, c.docBase, null, docToId, dir);
      }
      return new MovieIndex(dir, d, r, info, docToIndex, docToId, exactThreshold);
    } catch (IOException | RuntimeException ex) {
      if (r != null) {
        r.close();
      }
      d.close();
      throw ex;
    }
  }

  /**
   * Checks every file of the commit against the CRC32 in its Lucene footer ({@link
   * CodecUtil#checksumEntireFile}). Opening a reader checks only headers and small files; without
   * this, flipped bytes in the vectors ({@code .vec}) or the graph ({@code .vex}) are served
   * silently. Reads the whole index once: the cost at 1M movies is in BENCHMARKS.md.
   *
   * @throws IndexException naming the first file (in name order) whose checksum fails or which is
   *     truncated
   */
  public static void verifyChecksums(Path dir) throws IOException {
    try (Directory d = FSDirectory.open(dir)) {
      verifyChecksums(d, DirectoryReader.listCommits(d).getLast(), dir);
    }
  }

  private static void verifyChecksums(Directory d, IndexCommit commit, Path dir)
      throws IOException {
    for (String file : new TreeSet<>(commit.getFileNames())) {
      try (IndexInput in = d.openInput(file, IOContext.READONCE)) {
        CodecUtil.checksumEntireFile(in);
      } catch (CorruptIndexException | EOFException ex) {
        throw new IndexException(
            "corrupt index "
                + dir
                + ": "
                + file
                + " fails its checksum ("
                + (ex instanceof CorruptIndexException c ? c.getOriginalMessage() : ex.toString())
                + ")",
            ex);
      }
    }
  }

  private static void fill(
      LeafReader leaf, String field, int docBase, int[] ints, long[] longs, Path dir)
      throws IOException {
    NumericDocValues dv = leaf.getNumericDocValues(field);
    if (dv == null) {
      throw new IndexException("corrupt index " + dir + ": no doc values for " + field);
    }
    for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
      if (ints != null) {
        ints[docBase + doc] = Math.toIntExact(dv.longValue());
      } else {
        longs[docBase + doc] = dv.longValue();
      }
    }
  }

  /** The commit metadata. */
  public IndexInfo info() {
    return info;
  }

  /** The index directory. */
  public Path path() {
    return path;
  }

  /** Number of movies. */
  public int size() {
    return reader.numDocs();
  }

  /** Allowed-movie count at or below which {@link #search} scans exactly. */
  public int exactThreshold() {
    return exactThreshold;
  }

  /** Number of segments (1 for an index from {@link IndexBuilder}). */
  public int segments() {
    return reader.leaves().size();
  }

  /** Artifact row of a document. */
  public int movieIndex(int doc) {
    return docToIndex[doc];
  }

  /** Dataset movie id of a document. */
  public long movieId(int doc) {
    return docToId[doc];
  }

  /** The underlying searcher, for what this class does not cover (stored fields). */
  public IndexSearcher searcher() {
    return searcher;
  }

  /**
   * Fails unless this index was built from the given model: same model id and factor count.
   *
   * @throws IndexException naming both ids (or dimensions)
   */
  public void requireModel(String modelId, int factors) throws IndexException {
    if (!info.modelId().equals(modelId)) {
      throw new IndexException(
          "index "
              + path
              + " was built from model "
              + info.modelId()
              + ", not from model "
              + modelId
              + "; rebuild it with `indexer build`");
    }
    if (info.factors() != factors) {
      throw new IndexException(
          "dimension mismatch: index "
              + path
              + " has "
              + info.factors()
              + " factors, the model has "
              + factors);
    }
  }

  /**
   * The approximate top {@code numCandidates} movies for a query vector, best first.
   *
   * @param query the query in the model's layout, {@code Scoring.queryVector(u)} = [u ; 1], of
   *     length factors + 1 (the index applies its own transform)
   * @param numCandidates how many candidates to return, in [1, {@link #MAX_NUM_CANDIDATES}]; this
   *     is also the HNSW search beam (Lucene has no separate efSearch): ask for more than you keep
   * @param allowedRows the artifact rows the answer may contain (a set over {@link #size()}
   *     movies), or null for all; applied as a pre-filter, so the top candidates among them come
   *     back
   */
  public Candidates search(float[] query, int numCandidates, MovieSet allowedRows)
      throws IOException {
    if (query.length != info.factors() + 1) {
      throw new IllegalArgumentException(
          "query must have factors + 1 = "
              + (info.factors() + 1)
              + " dimensions ([u ; 1]); length="
              + query.length);
    }
    if (numCandidates < 1 || numCandidates > MAX_NUM_CANDIDATES) {
      throw new IllegalArgumentException(
          "numCandidates must be in [1, "
              + MAX_NUM_CANDIDATES
              + "]; numCandidates="
              + numCandidates);
    }
    Query filter = filter(allowedRows);
    float[] q = query;
    double qNorm = 1;
    if (info.transform() == Transform.COSINE) {
      q = java.util.Arrays.copyOf(query, query.length + 1);
      qNorm = Math.sqrt(dev.marquee.core.Scoring.dot(query, query));
      for (int i = 0; i < q.length; i++) {
        q[i] = (float) (q[i] / qNorm);
      }
    }
    CountingQuery knn = new CountingQuery(q, numCandidates, filter, exactThreshold);
    TopDocs top = searcher.search(knn, numCandidates);
    int n = top.scoreDocs.length;
    int[] idx = new int[n];
    long[] ids = new long[n];
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      ScoreDoc sd = top.scoreDocs[i];
      idx[i] = docToIndex[sd.doc];
      ids[i] = docToId[sd.doc];
      scores[i] =
          info.transform() == Transform.COSINE
              ? (float) ((2.0 * sd.score - 1.0) * qNorm * info.maxNorm())
              : innerProduct(sd.score);
    }
    return new Candidates(idx, ids, scores, knn.visited.sum(), knn.exact.sum() > 0);
  }

  /**
   * The allowed rows as documents, one bit set per leaf ({@link BitSetQuery}); null when every
   * movie is allowed. In the builder's layout (one segment, doc id = row) the set's words are the
   * filter.
   */
  private Query filter(MovieSet allowedRows) {
    if (allowedRows == null) {
      return null;
    }
    if (allowedRows.universe() != size()) {
      throw new IllegalArgumentException(
          "allowedRows must range over the index's "
              + size()
              + " movies; universe="
              + allowedRows.universe());
    }
    int count = allowedRows.count();
    if (count == size()) {
      return null;
    }
    List<LeafReaderContext> leaves = reader.leaves();
    FixedBitSet[] bits = new FixedBitSet[leaves.size()];
    int[] counts = new int[leaves.size()];
    if (rowsAreDocs) {
      bits[0] = new FixedBitSet(allowedRows.words(), size());
      counts[0] = count;
      return new BitSetQuery(bits, counts);
    }
    for (LeafReaderContext c : leaves) {
      int docs = c.reader().maxDoc();
      FixedBitSet b = new FixedBitSet(docs);
      for (int d = 0; d < docs; d++) {
        if (allowedRows.contains(docToIndex[c.docBase + d])) {
          b.set(d);
          counts[c.ord]++;
        }
      }
      bits[c.ord] = b;
    }
    return new BitSetQuery(bits, counts);
  }

  /** Inverts Lucene's MAXIMUM_INNER_PRODUCT scaling (dot + 1 for dot >= 0, 1 / (1 - dot) below). */
  static float innerProduct(float score) {
    return score >= 1f ? score - 1f : 1f - 1f / score;
  }

  /**
   * The indexed vectors in artifact order (row {@code i} is movie index {@code i}); with transform
   * none these equal [m ; c_m] of the artifact.
   */
  public float[][] vectors() throws IOException {
    float[][] out = new float[reader.maxDoc()][];
    for (LeafReaderContext c : reader.leaves()) {
      FloatVectorValues values = c.reader().getFloatVectorValues(VECTOR);
      KnnVectorValues.DocIndexIterator it = values.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        out[docToIndex[c.docBase + doc]] = values.vectorValue(it.index()).clone();
      }
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    try (directory) {
      reader.close();
    }
  }

  /**
   * A kNN query that counts the nodes its searches visit (Lucene reports them as the per-leaf total
   * hits).
   */
  private static final class CountingQuery extends KnnFloatVectorQuery {
    final LongAdder visited = new LongAdder();
    final LongAdder exact = new LongAdder();

    final int exactThreshold;

    CountingQuery(float[] target, int k, Query filter, int exactThreshold) {
      super(VECTOR, target, k, filter);
      this.exactThreshold = exactThreshold;
    }

    @Override
    protected TopDocs approximateSearch(
        LeafReaderContext context,
        AcceptDocs acceptDocs,
        int visitedLimit,
        KnnCollectorManager knnCollectorManager)
        throws IOException {
      if (acceptDocs.cost() <= exactThreshold) {
        return exactSearch(context, acceptDocs.iterator(), null);
      }
      TopDocs td = super.approximateSearch(context, acceptDocs, visitedLimit, knnCollectorManager);
      visited.add(td.totalHits.value());
      return td;
    }

    @Override
    protected TopDocs exactSearch(
        LeafReaderContext context, DocIdSetIterator acceptIterator, QueryTimeout queryTimeout)
        throws IOException {
      TopDocs td = super.exactSearch(context, acceptIterator, queryTimeout);
      exact.increment();
      visited.add(td.totalHits.value());
      return td;
    }
  }
}
