package dev.marquee.server;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Features;
import dev.marquee.core.Manifest;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.Scoring;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * One immutable model + index pair as served, everything a call needs built at load: the model's
 * vectors with what scoring needs precomputed (rating range, each movie's inverse norm for cosine,
 * the popularity order by c_m, the cold-start vector), and its three parts: the {@link
 * MovieCatalogue} (metadata and filters), the {@link UserHistories} (seen and liked movies) and the
 * {@link Retriever}.
 *
 * <p>Every answer reads one state, so it never mixes two models. {@link ServingStateHolder} counts
 * the calls using a state and closes it (its retriever, so the index reader) after the last one.
 */
public final class ServingState implements AutoCloseable {
  private final Manifest manifest;
  private final Embeddings emb;
  private final MovieCatalogue catalogue;
  private final UserHistories histories;
  private final Retriever retriever;
  private final IdIndex users;
  private final float yMin;
  private final float yMax;
  private final float[] movieInvNorm;
  private final int[] popularity;
  private final boolean hasUserFeatures;
  private final Features.Vector coldStart;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LiveUsers live = new LiveUsers();

  /**
   * @param artifact the model
   * @param retriever first-stage retrieval over this model's movies (from {@link Retrievers});
   *     closed with the state
   */
  public ServingState(ModelArtifact artifact, Retriever retriever) {
    this.manifest = artifact.manifest();
    this.emb = artifact.embeddings();
    this.retriever = retriever;
    this.yMin = manifest.yMin();
    this.yMax = manifest.yMax();
    this.users = IdIndex.of(emb.userIds(), "user");
    int n = emb.movieIds().length;
    this.movieInvNorm = new float[n];
    for (int i = 0; i < n; i++) {
      double sq = Scoring.dot(emb.movieVectors()[i], emb.movieVectors()[i]);
      movieInvNorm[i] = sq == 0 ? 0f : (float) (1.0 / Math.sqrt(sq));
    }
    long[] ids = emb.movieIds();
    // The popularity fallback ranks a user with no vector by the ranking score of a zero vector:
    // c_m.
    float[] bias = emb.movieRetrievalBias();
    this.popularity =
        IntStream.range(0, n)
            .boxed()
            .sorted(
                (a, b) ->
                    bias[a] != bias[b]
                        ? Float.compare(bias[b], bias[a])
                        : Long.compare(ids[a], ids[b]))
            .mapToInt(Integer::intValue)
            .toArray();
    this.hasUserFeatures = Features.hasUserFeatures(emb);
    this.coldStart = hasUserFeatures ? Features.user(emb, 0, "", "") : null;
    this.catalogue = new MovieCatalogue(artifact.movies());
    this.histories =
        new UserHistories(artifact.ratings(), emb.movieVectors(), movieInvNorm, ids, yMax);
  }

  /** The model id from the artifact's manifest. */
  public String modelId() {
    return manifest.modelId();
  }

  public Manifest manifest() {
    return manifest;
  }

  /** The model's vectors and biases (shared, do not modify). */
  public Embeddings embeddings() {
    return emb;
  }

  public MovieCatalogue catalogue() {
    return catalogue;
  }

  public UserHistories histories() {
    return histories;
  }

  public Retriever retriever() {
    return retriever;
  }

  /** The users live ratings changed since the model was trained (filled by {@link LiveRatings}). */
  LiveUsers live() {
    return live;
  }

  /** Whether {@code userId} is a user of the model or one that live ratings created. */
  public boolean knowsUser(long userId) {
    return userIndex(userId) >= 0 || live.get(userId) != null;
  }

  /**
   * The rating that user index {@code u} (-1: not in the model) with live state {@code l} (null:
   * none) gave movie index {@code m}: a live rating replaces the training data's; NaN when there is
   * neither.
   */
  float rating(int u, LiveUsers.LiveUser l, int m) {
    float r = l == null ? Float.NaN : l.rating(m);
    return Float.isNaN(r) && u >= 0 ? histories().rating(u, m) : r;
  }

  /**
   * {@code userId}'s rating of every movie index, NaN where there is none; live ratings replace the
   * training data's.
   */
  public float[] ratingsOf(long userId) {
    int u = userIndex(userId);
    LiveUsers.LiveUser l = live.get(userId);
    float[] out = new float[catalogue().size()];
    for (int m = 0; m < out.length; m++) {
      out[m] = rating(u, l, m);
    }
    return out;
  }

  /** Index build parameters plus the retrieval settings, for {@code GetModelInfo}. */
  public Map<String, String> indexParams() {
    return new TreeMap<>(retriever.describe());
  }

  /** Index of a user id, or -1. */
  public int userIndex(long userId) {
    return users.indexOf(userId);
  }

  /** Lowest rating of the model's range. */
  public float yMin() {
    return yMin;
  }

  /** Highest rating of the model's range. */
  public float yMax() {
    return yMax;
  }

  /** The rating a rating logit u·m + b_u + b_m predicts on this model's range. */
  public float predictedRating(float logit) {
    return Scoring.predictedRating(logit, yMin, yMax);
  }

  /** 1 / |m| for movie index i (0 for a zero vector). */
  public float movieInvNorm(int i) {
    return movieInvNorm[i];
  }

  /** The unit vector of movie index i (zeros for a zero vector). */
  float[] unitVector(int i) {
    float[] v = emb.movieVectors()[i];
    float inv = movieInvNorm[i];
    float[] out = new float[v.length];
    for (int d = 0; d < v.length; d++) {
      out[d] = v[d] * inv;
    }
    return out;
  }

  /**
   * Movie indices by retrieval bias c_m descending, ties by movie id: the popularity fallback (the
   * ranking score u·m + c_m of a zero user vector).
   */
  int[] popularity() {
    return popularity;
  }

  /** True when the model has user feature tables (so a features-only user vector exists). */
  public boolean hasUserFeatures() {
    return hasUserFeatures;
  }

  /**
   * The features-only vector of a user whose features are all unknown, or null without user
   * features.
   */
  Features.Vector coldStartVector() {
    return coldStart;
  }

  /** Counts for {@code GetModelInfo}. */
  Map<String, Long> counts() {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("users", (long) emb.userIds().length);
    c.put("movies", (long) emb.movieIds().length);
    c.put("ratings", histories.ratingCount());
    return c;
  }

  /** Closes the retriever (the index reader); later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        retriever.close();
      } catch (IOException ex) {
        System.getLogger(ServingState.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "closing the index of model " + modelId() + " failed: " + ex);
      }
    }
  }

  /** True once closed (for tests). */
  boolean isClosed() {
    return closed.get();
  }

  @Override
  public String toString() {
    return "ServingState[model="
        + modelId()
        + ", movies="
        + catalogue.size()
        + ", retrieval="
        + retriever.describe()
        + "]";
  }
}
