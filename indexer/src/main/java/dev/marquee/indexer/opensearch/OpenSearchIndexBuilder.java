package dev.marquee.indexer.opensearch;

import static dev.marquee.indexer.opensearch.OpenSearchIndexInfo.call;
import static dev.marquee.indexer.opensearch.OpenSearchSchema.*;

import dev.marquee.core.Embeddings;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.MovieInfo;
import dev.marquee.core.Scoring;
import dev.marquee.indexer.IndexException;
import dev.marquee.indexer.IndexSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.indices.IndexState;
import org.opensearch.client.opensearch.indices.update_aliases.Action;

/**
 * Writes a model's movies into a new, versioned OpenSearch index ({@link OpenSearchSchema}) and
 * points the alias at it.
 *
 * <p>Steps: (1) create {@code <alias>-<model id>-<millis>} with the k-NN mapping, no refresh and no
 * replicas while loading; (2) bulk-load the movies in batches of {@code batchSize}, each batch
 * retried with backoff on a transport error or a rejected item; (3) refresh, check the document
 * count, set the replicas and wait for green; (4) one {@code _aliases} request that removes the
 * alias from the indices it named and adds it to the new one (atomic: readers see the old index or
 * the new, never neither); (5) delete this alias's older versions beyond the newest {@code keep}. A
 * failure before (4) deletes the new index and leaves the alias where it was.
 */
public final class OpenSearchIndexBuilder {
  /** Bulk attempts per batch before the build fails. */
  static final int ATTEMPTS = 5;

  private final OpenSearchClient client;
  private final String where;
  private final Consumer<String> progress;

  /**
   * @param client an open client
   * @param where the cluster's URLs, for messages
   * @param progress receives one line per step and per batch
   */
  public OpenSearchIndexBuilder(OpenSearchClient client, String where, Consumer<String> progress) {
    this.client = client;
    this.where = where;
    this.progress = progress;
  }

  /**
   * Build settings.
   *
   * @param alias the alias to point at the new index
   * @param shards primary shards, >= 1
   * @param replicas replicas per shard, >= 0 (green needs replicas + 1 nodes)
   * @param keep versions of this alias to keep, the new one included, >= 1
   * @param m HNSW max connections
   * @param efConstruction HNSW construction beam
   * @param batchSize documents per bulk request, >= 1
   * @param greenTimeoutSeconds how long to wait for green
   */
  public record Options(
      String alias,
      int shards,
      int replicas,
      int keep,
      int m,
      int efConstruction,
      int batchSize,
      int greenTimeoutSeconds) {
    public Options {
      requireAliasName(alias);
      if (shards < 1 || replicas < 0 || keep < 1 || batchSize < 1 || greenTimeoutSeconds < 1) {
        throw new IllegalArgumentException(
            "--shards >= 1, --replicas >= 0, --keep >= 1, --batch >= 1, --green-timeout >= 1;"
                + " got "
                + shards
                + ", "
                + replicas
                + ", "
                + keep
                + ", "
                + batchSize
                + ", "
                + greenTimeoutSeconds);
      }
      if (m < 2 || m > 512 || efConstruction < 2 || efConstruction > 3200) {
        throw new IllegalArgumentException(
            "m must be in [2, 512] and ef_construction in [2, 3200]; m="
                + m
                + ", ef_construction="
                + efConstruction);
      }
    }
  }

  /** What a build did: the index, what it replaced and deleted, and its timings. */
  public record Report(
      OpenSearchIndexInfo info,
      List<String> replaced,
      List<String> deleted,
      double loadSeconds,
      double greenSeconds,
      double totalSeconds) {}

  /** Builds the index of {@code artifact} and swaps the alias to it. */
  public Report build(ModelArtifact artifact, Options o) throws IOException {
    long t0 = System.nanoTime();
    requireNoIndexNamed(o.alias());
    Embeddings e = artifact.embeddings();
    int dim = e.dim() + 1;
    int movies = e.movieIds().length;
    long createdAt = System.currentTimeMillis();
    String index = versionedName(o.alias(), artifact.modelId(), createdAt);
    OpenSearchIndexInfo info =
        new OpenSearchIndexInfo(
            index, artifact.modelId(), dim, movies, o.m(), o.efConstruction(), createdAt);
    create(info, o);
    double loadS;
    double greenS;
    List<String> replaced;
    try {
      load(index, artifact, o.batchSize());
      loadS = seconds(t0);
      call(where, () -> client.indices().refresh(r -> r.index(index)));
      long count = call(where, () -> client.count(c -> c.index(index))).count();
      if (count != movies) {
        throw new IndexException(
            "index " + index + " holds " + count + " documents after the load, expected " + movies);
      }
      call(
          where,
          () ->
              client
                  .indices()
                  .putSettings(
                      p ->
                          p.index(index)
                              .settings(
                                  s ->
                                      s.numberOfReplicas(o.replicas())
                                          .refreshInterval(t -> t.time("1s")))));
      progress.accept("waiting for green (" + o.replicas() + " replicas)");
      HealthStatus status = awaitGreen(index, o.greenTimeoutSeconds());
      if (status != HealthStatus.Green) {
        throw new ClusterUnavailableException(
            "index "
                + index
                + " did not turn green within "
                + o.greenTimeoutSeconds()
                + " s (status "
                + status
                + "; --replicas "
                + o.replicas()
                + " needs "
                + (o.replicas() + 1)
                + " nodes)");
      }
      greenS = seconds(t0) - loadS;
      replaced = swapAlias(o.alias(), index);
    } catch (IOException | RuntimeException ex) {
      deleteQuietly(index, ex);
      throw ex;
    }
    progress.accept("alias " + o.alias() + " -> " + index + " (was " + replaced + ")");
    List<String> deleted = deleteOldVersions(o.alias(), index, o.keep());
    return new Report(info, replaced, deleted, loadS, greenS, seconds(t0));
  }

  /**
   * Polls the index's health until green or the timeout; returns the last status. (The health API's
   * own wait answers HTTP 408 on timeout, which the client reports as a transport error.)
   */
  private HealthStatus awaitGreen(String index, int timeoutSeconds) throws IOException {
    long end = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (true) {
      HealthStatus status =
          call(where, () -> client.cluster().health(h -> h.index(index))).status();
      if (status == HealthStatus.Green || System.nanoTime() > end) {
        return status;
      }
      sleep(250);
    }
  }

  /** An index (not an alias) with the alias's name would make the alias impossible. */
  private void requireNoIndexNamed(String alias) throws IOException {
    boolean indexExists =
        call(where, () -> client.indices().exists(x -> x.index(alias))).value()
            && !call(where, () -> client.indices().existsAlias(x -> x.name(alias))).value();
    if (indexExists) {
      throw new IndexException(
          "an index named "
              + alias
              + " exists at "
              + where
              + "; --index-name must name an alias (or nothing yet)");
    }
  }

  private void create(OpenSearchIndexInfo i, Options o) throws IOException {
    Map<String, JsonData> meta = new LinkedHashMap<>();
    meta.put(META_FORMAT, JsonData.of(FORMAT));
    meta.put(META_FORMAT_VERSION, JsonData.of(Integer.toString(FORMAT_VERSION)));
    meta.put(META_ALIAS, JsonData.of(o.alias()));
    meta.put(META_MODEL_ID, JsonData.of(i.modelId()));
    meta.put(META_DIM, JsonData.of(Integer.toString(i.dim())));
    meta.put(META_MOVIES, JsonData.of(Integer.toString(i.movies())));
    meta.put(META_HNSW_M, JsonData.of(Integer.toString(i.m())));
    meta.put(META_EF_CONSTRUCTION, JsonData.of(Integer.toString(i.efConstruction())));
    meta.put(META_CREATED_AT, JsonData.of(Long.toString(i.createdAt())));
    Map<String, Property> props = new LinkedHashMap<>();
    props.put(IndexSchema.MOVIE_INDEX, Property.of(p -> p.integer(x -> x)));
    props.put(IndexSchema.MOVIE_ID, Property.of(p -> p.long_(x -> x)));
    props.put(IndexSchema.TITLE, Property.of(p -> p.keyword(x -> x.index(false))));
    props.put(IndexSchema.YEAR, Property.of(p -> p.integer(x -> x)));
    props.put(IndexSchema.GENRE, Property.of(p -> p.keyword(x -> x)));
    props.put(
        IndexSchema.VECTOR,
        Property.of(
            p ->
                p.knnVector(
                    k ->
                        k.dimension(i.dim())
                            .method(
                                mt ->
                                    mt.name("hnsw")
                                        .engine(ENGINE)
                                        .spaceType(SPACE_TYPE)
                                        .parameters("m", JsonData.of(i.m()))
                                        .parameters(
                                            "ef_construction", JsonData.of(i.efConstruction()))))));
    progress.accept(
        "creating "
            + i.index()
            + ": "
            + o.shards()
            + " shards, dim "
            + i.dim()
            + ", hnsw/"
            + ENGINE
            + "/"
            + SPACE_TYPE
            + " m="
            + i.m()
            + " ef_construction="
            + i.efConstruction());
    try {
      call(
          where,
          () ->
              client
                  .indices()
                  .create(
                      c ->
                          c.index(i.index())
                              .settings(
                                  s ->
                                      s.numberOfShards(o.shards())
                                          .numberOfReplicas(0)
                                          .refreshInterval(t -> t.time("-1"))
                                          .knn(true))
                              .mappings(m -> m.meta(meta).properties(props))));
    } catch (OpenSearchException ex) {
      // A create that timed out at the client may have succeeded before the client retried it on
      // another node; the name is this build's own (it has the build's millis), so that is ours.
      if (!"resource_already_exists_exception".equals(ex.error().type())) {
        throw ex;
      }
    }
  }

  private void load(String index, ModelArtifact artifact, int batchSize) throws IOException {
    Embeddings e = artifact.embeddings();
    int movies = e.movieIds().length;
    long t0 = System.nanoTime();
    for (int from = 0; from < movies; from += batchSize) {
      int to = Math.min(movies, from + batchSize);
      List<BulkOperation> ops = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        MovieInfo mi = artifact.movies().get(i);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(IndexSchema.MOVIE_INDEX, i);
        doc.put(IndexSchema.MOVIE_ID, mi.id());
        doc.put(IndexSchema.TITLE, mi.title());
        doc.put(IndexSchema.YEAR, mi.year());
        doc.put(IndexSchema.GENRE, mi.genres());
        doc.put(
            IndexSchema.VECTOR, Scoring.itemVector(e.movieVectors()[i], e.movieRetrievalBias()[i]));
        String id = Integer.toString(i);
        ops.add(BulkOperation.of(b -> b.index(x -> x.index(index).id(id).document(doc))));
      }
      bulk(index, ops, from);
      progress.accept(
          String.format(
              java.util.Locale.ROOT,
              "loaded %d/%d movies (%.0f/s)",
              to,
              movies,
              to / Math.max(1e-9, seconds(t0))));
    }
  }

  /**
   * One batch, retried with exponential backoff on a transport error or on items the cluster
   * rejected (a full write queue, a node that left); re-sending is safe because ids are the rows.
   */
  private void bulk(String index, List<BulkOperation> ops, int from) throws IOException {
    String last = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        BulkResponse r = client.bulk(b -> b.operations(ops));
        if (!r.errors()) {
          return;
        }
        BulkResponseItem bad =
            r.items().stream().filter(it -> it.error() != null).findFirst().orElseThrow();
        last = "item " + bad.id() + ": " + bad.status() + " " + bad.error().reason();
        if (bad.status() < 500 && bad.status() != 429) {
          break; // a mapping error: retrying cannot help
        }
      } catch (IOException ex) {
        last = OpenSearchIndexInfo.oneLine(ex);
      } catch (OpenSearchException ex) {
        last = ex.getMessage();
      }
      if (attempt < ATTEMPTS) {
        progress.accept(
            "bulk batch at movie " + from + " failed (attempt " + attempt + "): " + last);
        sleep(200L << attempt);
      }
    }
    throw new ClusterUnavailableException(
        "bulk load into " + index + " failed at movie " + from + " at " + where + ": " + last);
  }

  /** Points {@code alias} at {@code index} alone, atomically; returns the indices it named. */
  private List<String> swapAlias(String alias, String index) throws IOException {
    List<String> old = new ArrayList<>();
    if (call(where, () -> client.indices().existsAlias(x -> x.name(alias))).value()) {
      old.addAll(
          call(where, () -> client.indices().getAlias(g -> g.name(alias))).result().keySet());
    }
    List<Action> actions = new ArrayList<>();
    for (String o : old) {
      actions.add(Action.of(a -> a.remove(r -> r.index(o).alias(alias))));
    }
    actions.add(Action.of(a -> a.add(x -> x.index(index).alias(alias))));
    call(where, () -> client.indices().updateAliases(u -> u.actions(actions)));
    return old;
  }

  /**
   * Deletes this alias's versions beyond the newest {@code keep} (by build time), never the one it
   * now names. Best effort: the alias has already moved, so a failure here is only reported.
   */
  private List<String> deleteOldVersions(String alias, String current, int keep) {
    List<String> deleted = new ArrayList<>();
    try {
      Map<String, IndexState> all =
          call(where, () -> client.indices().get(g -> g.index(alias + "-*"))).result();
      List<Map.Entry<String, Long>> versions = new ArrayList<>();
      for (var en : all.entrySet()) {
        Map<String, JsonData> meta =
            en.getValue().mappings() == null ? null : en.getValue().mappings().meta();
        if (meta != null
            && meta.get(META_ALIAS) != null
            && alias.equals(meta.get(META_ALIAS).to(String.class))
            && meta.get(META_CREATED_AT) != null) {
          versions.add(
              Map.entry(en.getKey(), Long.parseLong(meta.get(META_CREATED_AT).to(String.class))));
        }
      }
      versions.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
      for (int i = keep; i < versions.size(); i++) {
        String name = versions.get(i).getKey();
        if (!name.equals(current)) {
          call(where, () -> client.indices().delete(d -> d.index(name)));
          deleted.add(name);
          progress.accept("deleted old version " + name);
        }
      }
    } catch (IOException | RuntimeException ex) {
      progress.accept("could not delete old versions of " + alias + ": " + ex.getMessage());
    }
    return deleted;
  }

  private void deleteQuietly(String index, Exception cause) {
    try {
      client.indices().delete(d -> d.index(index));
      progress.accept("build failed; deleted " + index + ", alias unchanged");
    } catch (IOException | RuntimeException ex) {
      cause.addSuppressed(ex);
      progress.accept("build failed; could not delete " + index + ": " + ex.getMessage());
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while retrying a bulk batch");
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
