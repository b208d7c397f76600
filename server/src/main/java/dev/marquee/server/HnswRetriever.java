package dev.marquee.server;

import dev.marquee.core.Scoring;
import dev.marquee.indexer.Candidates;
import dev.marquee.indexer.MovieIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.FixedBitSet;

/**
 * Approximate retrieval through the Lucene HNSW index (MAXIMUM_INNER_PRODUCT of [u ; 1] over [m ; c_m]):
 * asks for max(k * oversample, ef) candidates with the eligible movies as a Lucene pre-filter, so
 * k results come back whenever k movies are eligible (Lucene switches to an exact scan of the
 * matching documents when the filter is very selective). Candidates are reranked exactly by the
 * caller with the artifact's float vectors, never with the index's (possibly quantized) scores.
 */
public final class HnswRetriever implements CandidateRetriever {
  private final MovieIndex index;
  private final RetrievalOptions options;
  private final int movies;
  /** Leaf of each leaf ordinal: doc base and size. */
  private final int[] docBase;
  private final int[] leafSize;
  /** Whether doc id == movie index over a single leaf (the indexer's layout): then filters need no remapping. */
  private final boolean identity;

  /**
   * @param index an open index, already checked against the model; closed with this retriever
   * @param movies the model's movie count
   */
  public HnswRetriever(MovieIndex index, int movies, RetrievalOptions options) {
    this.index = index;
    this.options = options;
    this.movies = movies;
    List<LeafReaderContext> leaves = index.searcher().getIndexReader().leaves();
    this.docBase = new int[leaves.size()];
    this.leafSize = new int[leaves.size()];
    for (LeafReaderContext c : leaves) {
      docBase[c.ord] = c.docBase;
      leafSize[c.ord] = c.reader().maxDoc();
    }
    boolean id = leaves.size() == 1 && leafSize[0] == movies;
    for (int d = 0; id && d < movies; d++) {
      id = index.movieIndex(d) == d;
    }
    this.identity = id;
  }

  @Override
  public int[] candidates(float[] user, int k, FixedBitSet eligible, int eligibleCount) {
    int n = Math.min(options.numCandidates(k), MovieIndex.MAX_NUM_CANDIDATES);
    Query filter = eligibleCount == movies ? null : filter(eligible);
    try {
      Candidates c = index.search(Scoring.queryVector(user), n, filter);
      return c.movieIndices();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The eligible movies as per-leaf document bitsets. */
  private Query filter(FixedBitSet eligible) {
    List<FixedBitSet> bits = new ArrayList<>(docBase.length);
    List<Integer> counts = new ArrayList<>(docBase.length);
    if (identity) {
      bits.add(eligible);
      counts.add(eligible.cardinality());
      return new BitSetQuery(bits, counts);
    }
    for (int leaf = 0; leaf < docBase.length; leaf++) {
      FixedBitSet b = new FixedBitSet(leafSize[leaf]);
      int count = 0;
      for (int d = 0; d < leafSize[leaf]; d++) {
        if (eligible.get(index.movieIndex(docBase[leaf] + d))) {
          b.set(d);
          count++;
        }
      }
      bits.add(b);
      counts.add(count);
    }
    return new BitSetQuery(bits, counts);
  }

  @Override
  public Map<String, String> describe() {
    Map<String, String> m = new TreeMap<>();
    m.put("retrieval", "hnsw");
    m.put("oversample", Integer.toString(options.oversample()));
    m.put("ef", Integer.toString(options.ef()));
    return m;
  }

  /** The index's build parameters, for {@code GetModelInfo}. */
  Map<String, String> indexParams() {
    var i = index.info();
    Map<String, String> m = new TreeMap<>();
    m.put("m", Integer.toString(i.m()));
    m.put("beam_width", Integer.toString(i.beamWidth()));
    m.put("similarity", i.similarity());
    m.put("transform", i.transform().label());
    m.put("quantize", i.quantize().label());
    m.put("dim", Integer.toString(i.dim()));
    m.put("movies", Integer.toString(i.movies()));
    m.put("created_at", String.valueOf(i.createdAt()));
    m.put("lucene_version", String.valueOf(i.luceneVersion()));
    m.put("index_model_id", i.modelId());
    m.put("segments", Integer.toString(index.segments()));
    return m;
  }

  @Override
  public void close() throws IOException {
    index.close();
  }
}
