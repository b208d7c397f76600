package dev.marquee.server;

import dev.marquee.core.Embeddings;
import dev.marquee.core.ModelArtifact;
import dev.marquee.indexer.IndexException;
import dev.marquee.indexer.IndexInfo;
import dev.marquee.indexer.MovieIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link Retriever} of a model + index pair: the one place that picks exact or HNSW
 * retrieval and constructs either.
 */
public final class Retrievers {
  private Retrievers() {}

  /**
   * Retrieval over {@code artifact}'s movies: exact without an index; with one, the index is opened
   * and checked against the model first, then HNSW retrieval, or exact retrieval (the index closed
   * again) when {@code options.exact()} or the catalogue is smaller than {@code
   * options.exactBelow()}.
   *
   * @param indexDir the index directory, or null for exact retrieval without an index
   * @throws IndexException when the index is missing, corrupt or from another model
   */
  static Retriever open(ModelArtifact artifact, Path indexDir, RetrievalOptions options)
      throws IOException {
    Embeddings e = artifact.embeddings();
    if (indexDir == null) {
      return exact(e, options.observer());
    }
    // The same threshold per search: a filter leaving fewer than exactBelow movies is scanned
    // exactly by the index (0: always walk the graph, except where Lucene itself scans a selective
    // filter).
    MovieIndex index = MovieIndex.open(indexDir, options.exactBelow());
    try {
      index.requireModel(artifact.modelId(), e.dim());
      int movies = e.movieIds().length;
      if (index.size() != movies) {
        throw new IndexException(
            "index "
                + indexDir
                + " has "
                + index.size()
                + " movies, model "
                + artifact.modelId()
                + " has "
                + movies);
      }
      Map<String, String> params = indexParams(index);
      if (options.exact() || movies < options.exactBelow()) {
        index.close();
        if (!options.exact()) {
          params.put("exact_below", Integer.toString(options.exactBelow()));
        }
        return exact(e, params, options.observer());
      }
      return new HnswRetriever(index, options, params, () -> exact(e, options.observer()));
    } catch (IOException | RuntimeException ex) {
      index.close();
      throw ex;
    }
  }

  /**
   * A brute-force scan of the model's movies: the reference, and the fallback of a remote retriever
   * whose search comes back short.
   */
  public static Retriever exact(Embeddings e, RetrievalObserver observer) {
    return exact(e, Map.of(), observer);
  }

  /**
   * A brute-force scan of the model's movies, reporting {@code indexParams} besides {@code
   * retrieval=exact}.
   */
  private static Retriever exact(
      Embeddings e, Map<String, String> indexParams, RetrievalObserver observer) {
    return new ExactRetriever(
        e.movieVectors(), e.movieRetrievalBias(), e.movieIds(), indexParams, observer);
  }

  /** The index's build parameters, for {@code GetModelInfo}. */
  private static Map<String, String> indexParams(MovieIndex index) {
    IndexInfo i = index.info();
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
}
