package dev.marquee.server.opensearch;

import dev.marquee.core.MovieSet;
import dev.marquee.core.Scoring;
import dev.marquee.indexer.IndexSchema;
import dev.marquee.indexer.opensearch.OpenSearchIndexInfo;
import dev.marquee.server.Lazy;
import dev.marquee.server.MovieCatalogue;
import dev.marquee.server.MovieFilterSpec;
import dev.marquee.server.RetrievalOptions;
import dev.marquee.server.RetrievalUnavailableException;
import dev.marquee.server.Retriever;
import io.grpc.Context;
import io.grpc.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * Approximate retrieval through an OpenSearch k-NN index ({@code OpenSearchSchema}): the query is
 * {@code [u ; 1]} against {@code [m ; c_m]} (space type innerproduct, so the order is the ranking
 * score's), for max(k * oversample, ef) candidates, with the genre/year filter and the excluded
 * rows (the user's seen movies) inside the k-NN clause's {@code filter}, so the cluster filters
 * during the graph search and k results come back whenever k movies are allowed. The caller reranks
 * exactly with the artifact's vectors, as for the local index.
 *
 * <p>Searches go to the concrete index resolved at load, never to the alias, so one state never
 * mixes two indices; the alias poller reloads when the alias moves. A transport error or a partial
 * answer (a shard failed, as when a node leaves) is retried within the call's deadline (the client
 * moves to the next node); after that the call fails with {@link RetrievalUnavailableException}.
 */
final class OpenSearchRetriever implements Retriever {
  /** Attempts per search; the client's own failover to the next node happens inside each. */
  static final int ATTEMPTS = 3;

  private final OpenSearchAsyncClient client;
  private final String where;
  private final OpenSearchIndexInfo index;
  private final MovieCatalogue catalogue;
  private final RetrievalOptions options;
  private final long defaultTimeoutMillis;
  private final Lazy<Retriever> exact;
  private final Map<String, String> description;

  /**
   * @param client the cluster (shared, not closed here)
   * @param where the cluster's URLs, for messages
   * @param index the index the alias named at load, checked against the model
   * @param catalogue the model's movies, to tell the filter's movies from the excluded ones
   * @param defaultTimeoutMillis the search timeout of a call without a deadline
   * @param exactFactory an exact retriever over the same movies, for a search that comes back short
   */
  OpenSearchRetriever(
      OpenSearchAsyncClient client,
      String where,
      String alias,
      OpenSearchIndexInfo index,
      MovieCatalogue catalogue,
      RetrievalOptions options,
      long defaultTimeoutMillis,
      Supplier<Retriever> exactFactory) {
    this.client = client;
    this.where = where;
    this.index = index;
    this.catalogue = catalogue;
    this.options = options;
    this.defaultTimeoutMillis = defaultTimeoutMillis;
    this.exact = new Lazy<>(exactFactory);
    Map<String, String> d = new TreeMap<>();
    d.put("retrieval", "opensearch");
    d.put("opensearch", where);
    d.put("opensearch_alias", alias);
    d.put("opensearch_index", index.index());
    d.put("index_model_id", index.modelId());
    d.put("dim", Integer.toString(index.dim()));
    d.put("movies", Integer.toString(index.movies()));
    d.put("m", Integer.toString(index.m()));
    d.put("beam_width", Integer.toString(index.efConstruction()));
    d.put("similarity", "innerproduct");
    d.put("oversample", Integer.toString(options.oversample()));
    d.put("ef", Integer.toString(options.ef()));
    this.description = Map.copyOf(d);
  }

  @Override
  public int[] candidates(float[] user, int k, MovieSet allowed, int allowedCount) {
    return candidates(user, k, allowed, allowedCount, MovieFilterSpec.NONE);
  }

  @Override
  public int[] candidates(
      float[] user, int k, MovieSet allowed, int allowedCount, MovieFilterSpec filter) {
    List<FieldValue> excluded = excluded(allowed, filter);
    int n = options.numCandidates(k); // at most 10,000, OpenSearch's k limit
    SearchRequest request = request(user, n, filter, excluded);
    SearchResponse<Void> r = search(request);
    int[] found = new int[r.hits().hits().size()];
    int j = 0;
    for (Hit<Void> h : r.hits().hits()) {
      found[j++] = Integer.parseInt(h.id());
    }
    // A graph search in the cluster; what it visited stays there, so the hits are what it scored.
    options.observer().searched(true, found.length);
    if (found.length < Math.min(k, allowedCount)) {
      // Cannot happen with the filter inside the k-NN clause, short of an index that lost
      // documents; k results are promised whenever k movies are allowed, so scan exactly.
      return exact.get().candidates(user, k, allowed, allowedCount);
    }
    return found;
  }

  /**
   * The rows the filter admits but the caller removed (seen or rated movies): the cluster evaluates
   * the filter itself, and these go in as an exclusion.
   */
  List<FieldValue> excluded(MovieSet allowed, MovieFilterSpec filter) {
    MovieSet filtered = catalogue.allowed(filter);
    List<FieldValue> excluded = new ArrayList<>();
    long[] fw = filtered.words();
    long[] aw = allowed.words();
    for (int w = 0; w < fw.length; w++) {
      long bits = fw[w] & ~aw[w];
      while (bits != 0) {
        excluded.add(FieldValue.of((w << 6) + Long.numberOfTrailingZeros(bits)));
        bits &= bits - 1;
      }
    }
    return excluded;
  }

  /** The k-NN search for n candidates, the filter and the exclusion inside its clause. */
  SearchRequest request(float[] user, int n, MovieFilterSpec filter, List<FieldValue> excluded) {
    float[] q = Scoring.queryVector(user);
    List<Float> vector = new ArrayList<>(q.length);
    for (float f : q) {
      vector.add(f);
    }
    List<Query> must = new ArrayList<>();
    if (!filter.genres().isEmpty()) {
      List<FieldValue> genres = filter.genres().stream().map(FieldValue::of).toList();
      must.add(Query.of(x -> x.terms(t -> t.field(IndexSchema.GENRE).terms(v -> v.value(genres)))));
    }
    if (filter.minYear() != 0 || filter.maxYear() != 0) {
      // As MovieCatalogue: a bounded range excludes movies of unknown year (0).
      int lo = Math.max(1, filter.minYear());
      must.add(
          Query.of(
              x ->
                  x.range(
                      rg -> {
                        rg.field(IndexSchema.YEAR).gte(org.opensearch.client.json.JsonData.of(lo));
                        if (filter.maxYear() != 0) {
                          rg.lte(org.opensearch.client.json.JsonData.of(filter.maxYear()));
                        }
                        return rg;
                      })));
    }
    Query knnFilter =
        must.isEmpty() && excluded.isEmpty()
            ? null
            : Query.of(
                x ->
                    x.bool(
                        b -> {
                          b.filter(must);
                          if (!excluded.isEmpty()) {
                            b.mustNot(
                                mn ->
                                    mn.terms(
                                        t ->
                                            t.field(IndexSchema.MOVIE_INDEX)
                                                .terms(v -> v.value(excluded))));
                          }
                          return b;
                        }));
    return SearchRequest.of(
        s ->
            s.index(index.index())
                .size(n)
                .source(src -> src.fetch(false))
                .query(
                    x ->
                        x.knn(
                            kn -> {
                              kn.field(IndexSchema.VECTOR).vector(vector).k(n);
                              if (knnFilter != null) {
                                kn.filter(knnFilter);
                              }
                              return kn;
                            })));
  }

  /** The search, retried within the call's deadline; every failure names the cluster. */
  private SearchResponse<Void> search(SearchRequest request) {
    Deadline deadline = Context.current().getDeadline();
    long end =
        System.nanoTime()
            + (deadline == null
                ? TimeUnit.MILLISECONDS.toNanos(defaultTimeoutMillis)
                : deadline.timeRemaining(TimeUnit.NANOSECONDS));
    String last = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        break;
      }
      CompletableFuture<SearchResponse<Void>> f;
      try {
        f = client.search(request, Void.class);
      } catch (java.io.IOException ex) {
        last = ex.toString();
        continue;
      }
      try {
        SearchResponse<Void> r = f.get(left, TimeUnit.NANOSECONDS);
        if (r.shards().failed() == 0 && !Boolean.TRUE.equals(r.timedOut())) {
          return r;
        }
        // A partial answer (a shard's copy on a node that left) would silently miss movies.
        last =
            r.shards().failed() + " of " + r.shards().total() + " shards failed" + shardReason(r);
      } catch (TimeoutException ex) {
        f.cancel(true);
        last = "no answer within the call's deadline";
        break;
      } catch (ExecutionException ex) {
        Throwable c = ex.getCause() == null ? ex : ex.getCause();
        last =
            c.getClass().getSimpleName()
                + ": "
                + String.valueOf(c.getMessage()).lines().findFirst().orElse("");
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        f.cancel(true);
        last = "interrupted";
        break;
      }
      pause(attempt, end);
    }
    throw new RetrievalUnavailableException(
        "OpenSearch index " + index.index() + " at " + where + " cannot answer: " + last, null);
  }

  private static String shardReason(SearchResponse<Void> r) {
    var failures = r.shards().failures();
    return failures == null || failures.isEmpty() ? "" : ": " + failures.get(0).reason().reason();
  }

  private static void pause(int attempt, long end) {
    long ms = Math.min(50L * attempt, Math.max(0, (end - System.nanoTime()) / 1_000_000));
    try {
      Thread.sleep(ms);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Map<String, String> describe() {
    return description;
  }
}
