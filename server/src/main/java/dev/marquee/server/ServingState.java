package dev.marquee.server;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Features;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.MovieInfo;
import dev.marquee.core.RatingLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.util.FixedBitSet;

/**
 * One immutable model + index pair as served, with everything a call needs precomputed at load:
 * id -> index maps, each movie's inverse norm (cosine), the popularity order (by c_m), per-genre bitsets,
 * release years and the cold-start vector. Seen sets are the artifact's rating log (every rating of
 * every user, sorted movie indices per user).
 *
 * <p>Every answer reads one snapshot, so it never mixes two models. Snapshots are reference
 * counted: the holder owns one reference, each call takes one while it runs, and the retriever
 * (the index reader) is closed when the last reference goes.
 */
public final class ServingState {
  private final ModelArtifact artifact;
  private final Embeddings emb;
  private final CandidateRetriever retriever;
  private final Map<String, String> indexParams;
  private final IdIndex users;
  private final IdIndex movies;
  private final float[] movieInvNorm;
  private final int[] popularity;
  private final Map<String, FixedBitSet> genreMovies;
  private final int[] years;
  /** Movie indices sorted by release year, and the years in that order (for range filters). */
  private final int[] byYear;
  private final int[] sortedYears;
  private final boolean hasUserFeatures;
  private final Features.Vector coldStart;
  private final float likedThreshold;
  private final LikedMovies[] liked;
  private final ProtoCache protos;
  private volatile CandidateRetriever exactFallback;
  private final AtomicInteger refs = new AtomicInteger(1);

  /**
   * @param artifact the model
   * @param retriever first-stage retrieval over this model's movies; closed with the state
   * @param indexParams the index's build parameters (empty for exact retrieval)
   */
  public ServingState(ModelArtifact artifact, CandidateRetriever retriever, Map<String, String> indexParams) {
    this.artifact = artifact;
    this.emb = artifact.embeddings();
    this.retriever = retriever;
    this.indexParams = Map.copyOf(indexParams);
    this.users = IdIndex.of(emb.userIds(), "user");
    this.movies = IdIndex.of(emb.movieIds(), "movie");
    int n = emb.movieIds().length;
    this.movieInvNorm = new float[n];
    for (int i = 0; i < n; i++) {
      double sq = dev.marquee.core.Scoring.dot(emb.movieVectors()[i], emb.movieVectors()[i]);
      movieInvNorm[i] = sq == 0 ? 0f : (float) (1.0 / Math.sqrt(sq));
    }
    long[] ids = emb.movieIds();
    // The popularity fallback ranks a user with no vector by the ranking score of a zero vector: c_m.
    float[] bias = emb.movieRetrievalBias();
    this.popularity = java.util.stream.IntStream.range(0, n).boxed()
        .sorted((a, b) -> bias[a] != bias[b] ? Float.compare(bias[b], bias[a]) : Long.compare(ids[a], ids[b]))
        .mapToInt(Integer::intValue).toArray();
    Map<String, FixedBitSet> genres = new TreeMap<>();
    this.years = new int[n];
    List<MovieInfo> infos = artifact.movies();
    for (int i = 0; i < n; i++) {
      MovieInfo m = infos.get(i);
      years[i] = m.year();
      for (String g : m.genres()) {
        genres.computeIfAbsent(g, x -> new FixedBitSet(n)).set(i);
      }
    }
    this.genreMovies = genres;
    this.byYear = java.util.stream.IntStream.range(0, n).boxed().sorted((a, b) -> Integer.compare(years[a], years[b]))
        .mapToInt(Integer::intValue).toArray();
    this.sortedYears = new int[n];
    for (int i = 0; i < n; i++) {
      sortedYears[i] = years[byYear[i]];
    }
    this.hasUserFeatures = Features.hasUserFeatures(emb);
    this.coldStart = hasUserFeatures ? Features.user(emb, 0, "", "") : null;
    float maxRating = Float.NEGATIVE_INFINITY;
    for (float r : artifact.ratings().ratings()) {
      maxRating = Math.max(maxRating, r);
    }
    this.likedThreshold = maxRating == Float.NEGATIVE_INFINITY ? artifact.manifest().yMax() * 0.8f : 0.8f * maxRating;
    this.protos = new ProtoCache(artifact.movies());
    RatingLog log = artifact.ratings();
    this.liked = new LikedMovies[emb.userIds().length];
    for (int u = 0; u < liked.length; u++) {
      liked[u] = LikedMovies.of(emb.movieVectors(), movieInvNorm, emb.movieIds(), log.movies(), log.ratings(), (int) log.offsets()[u],
          (int) log.offsets()[u + 1], likedThreshold);
    }
  }

  /** The model id from the artifact's manifest. */
  public String modelId() {
    return artifact.modelId();
  }

  public ModelArtifact artifact() {
    return artifact;
  }

  public Embeddings embeddings() {
    return emb;
  }

  public RatingLog ratings() {
    return artifact.ratings();
  }

  public CandidateRetriever retriever() {
    return retriever;
  }

  /** Index build parameters plus the retrieval settings. */
  public Map<String, String> indexParams() {
    Map<String, String> all = new TreeMap<>(indexParams);
    all.putAll(retriever.describe());
    return all;
  }

  /** Number of movies. */
  public int movieCount() {
    return years.length;
  }

  /** Index of a user id, or -1. */
  public int userIndex(long userId) {
    return users.indexOf(userId);
  }

  /** Index of a movie id, or -1. */
  public int movieIndex(long movieId) {
    return movies.indexOf(movieId);
  }

  public MovieInfo movie(int index) {
    return artifact.movies().get(index);
  }

  /** 1 / |m| for movie index i (0 for a zero vector). */
  public float movieInvNorm(int i) {
    return movieInvNorm[i];
  }

  /** Every movie's 1 / |m|, shared (do not modify). */
  float[] movieInvNorms() {
    return movieInvNorm;
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
   * An exact retriever over this model, for calls where approximate retrieval came back short: the
   * state's own retriever when it is exact, else one built on first use and kept.
   */
  CandidateRetriever exactRetriever() {
    if (retriever instanceof ExactRetriever) {
      return retriever;
    }
    CandidateRetriever r = exactFallback;
    if (r == null) {
      synchronized (this) {
        r = exactFallback;
        if (r == null) {
          r = new ExactRetriever(emb.movieVectors(), emb.movieRetrievalBias(), emb.movieIds());
          exactFallback = r;
        }
      }
    }
    return r;
  }

  /** Prebuilt proto pieces of this model's movies. */
  ProtoCache protos() {
    return protos;
  }

  /** The highly rated movies of user index u, for explanations. */
  LikedMovies liked(int u) {
    return liked[u];
  }

  /**
   * Movie indices by retrieval bias c_m descending, ties by movie id: the popularity fallback (the
   * ranking score u·m + c_m of a zero user vector).
   */
  int[] popularity() {
    return popularity;
  }

  /** Known genre names, sorted. */
  public List<String> genres() {
    return new ArrayList<>(genreMovies.keySet());
  }

  /** True when the model has user feature tables (so a features-only user vector exists). */
  public boolean hasUserFeatures() {
    return hasUserFeatures;
  }

  /** The features-only vector of a user whose features are all unknown, or null without user features. */
  Features.Vector coldStartVector() {
    return coldStart;
  }

  /**
   * The eligible movies for a filter, minus {@code excluded} (sorted or not). Returns a fresh bitset.
   *
   * @throws InvalidRequestException for an unknown genre
   */
  FixedBitSet eligible(MovieFilterSpec filter, int[] excluded, int excludedFrom, int excludedTo) {
    int n = years.length;
    FixedBitSet bits = new FixedBitSet(n);
    if (filter.genres().isEmpty()) {
      bits.set(0, n);
    } else {
      for (int g = 0; g < filter.genres().size(); g++) {
        String name = filter.genres().get(g);
        FixedBitSet gs = genreMovies.get(name);
        if (gs == null) {
          throw new InvalidRequestException("filter.genres[" + g + "] must be one of the model's genres ("
              + String.join(", ", genreMovies.keySet()) + "); filter.genres[" + g + "]=" + name);
        }
        bits.or(gs);
      }
    }
    if (filter.minYear() != 0 || filter.maxYear() != 0) {
      // Movies of unknown year (0) never pass a year range. Cost: the movies inside the range.
      int lo = Math.max(1, filter.minYear());
      int hi = filter.maxYear() == 0 ? Integer.MAX_VALUE : filter.maxYear();
      FixedBitSet inRange = new FixedBitSet(n);
      for (int j = firstAtLeast(lo); j < n && sortedYears[j] <= hi; j++) {
        inRange.set(byYear[j]);
      }
      bits.and(inRange);
    }
    for (int j = excludedFrom; j < excludedTo; j++) {
      bits.clear(excluded[j]);
    }
    return bits;
  }

  /** The first position in {@link #sortedYears} with a year >= y. */
  private int firstAtLeast(int y) {
    int lo = 0, hi = sortedYears.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sortedYears[mid] < y) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Takes a reference for one call; false when the state has already been retired and closed. */
  boolean retain() {
    while (true) {
      int r = refs.get();
      if (r <= 0) {
        return false;
      }
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the retriever. */
  void release() {
    if (refs.decrementAndGet() == 0) {
      try {
        retriever.close();
      } catch (IOException ex) {
        System.getLogger(ServingState.class.getName()).log(System.Logger.Level.WARNING,
            "closing the index of model " + modelId() + " failed: " + ex);
      }
    }
  }

  /** True once the last reference is gone (for tests). */
  boolean isClosed() {
    return refs.get() <= 0;
  }

  /**
   * The rating from which a movie counts as liked for explanations: 0.8 x the dataset's highest
   * rating (4 on MovieLens' 1..5 scale), taken from the rating log rather than the model's y range
   * because trainers widen the range (e.g. 0..5.5).
   */
  public float likedThreshold() {
    return likedThreshold;
  }

  /** Counts for {@code GetModelInfo}. */
  Map<String, Long> counts() {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("users", (long) emb.userIds().length);
    c.put("movies", (long) emb.movieIds().length);
    c.put("ratings", (long) artifact.ratings().movies().length);
    return c;
  }

  @Override
  public String toString() {
    return "ServingState[model=" + modelId() + ", movies=" + movieCount() + ", retrieval=" + retriever.describe() + "]";
  }
}
