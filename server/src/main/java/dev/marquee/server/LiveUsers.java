package dev.marquee.server;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Features;
import dev.marquee.core.events.RatingEvent;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users whose live ratings (events after the ones the model was trained on) changed them, for
 * one {@link ServingState}: each such user's live ratings, refitted vector and bias, and liked
 * movies, keyed by user id. Rebuilt for every model by replaying the log.
 *
 * <p>The refit: a new user gets the {@link FoldIn} of its live ratings anchored at the
 * features-only vector. A known user keeps its trained vector w0 moved by the difference the live
 * ratings make to the fold-in: w0 + fit(training and live ratings) - fit(training ratings), both
 * fits anchored at w0. Folding in the live ratings alone at w0 lets ten ratings outweigh the
 * hundred the vector was trained on (held-out RMSE worse than not updating at all, BENCHMARKS.md);
 * the difference weighs them against the user's whole history, and is zero when nothing changed.
 *
 * <p>Applying an event is commutative and idempotent: per movie the rating of the event with the
 * highest sequence number wins, and the vector is a function of that set alone. So replay and live
 * applies may overlap while a model loads, in any order, and end in the same state.
 */
final class LiveUsers {
  /**
   * One user's live state.
   *
   * @param movies live-rated movie indices, ascending
   * @param ratings their ratings
   * @param seqs the sequence number of the event each rating came from
   * @param vector the refitted user vector u
   * @param bias the refitted rating bias b_u
   * @param liked the liked movies among training and live ratings, for explanations; built on first
   *     use, since most versions of a user that keeps rating are never recommended to
   * @param trainedFit for a known user, the fold-in of its training ratings alone (cached: the
   *     baseline its live fits are compared with); null for a new user
   */
  record LiveUser(
      int[] movies,
      float[] ratings,
      long[] seqs,
      float[] vector,
      float bias,
      Lazy<LikedMovies> liked,
      Features.Vector trainedFit) {
    /** The live rating of movie index m, or NaN. */
    float rating(int m) {
      int i = Arrays.binarySearch(movies, m);
      return i >= 0 ? ratings[i] : Float.NaN;
    }
  }

  private final ConcurrentHashMap<Long, LiveUser> users = new ConcurrentHashMap<>();

  /** The live state of {@code userId}, or null when no live rating changed that user. */
  LiveUser get(long userId) {
    return users.get(userId);
  }

  /** Number of users with live ratings. */
  int size() {
    return users.size();
  }

  /**
   * Folds one event into its user. Movies the model does not know are skipped (an event logged
   * against another model's catalogue).
   */
  void apply(ServingState s, FoldIn foldIn, RatingEvent e) {
    int n = e.ratings().size();
    int[] movies = new int[n];
    float[] ratings = new float[n];
    int k = 0;
    for (RatingEvent.MovieRating r : e.ratings()) {
      int m = s.catalogue().indexOf(r.movieId());
      if (m >= 0) {
        movies[k] = m;
        ratings[k++] = r.rating();
      }
    }
    if (k == 0) {
      return;
    }
    int count = k;
    users.compute(
        e.userId(), (id, prev) -> merge(s, foldIn, id, prev, movies, ratings, count, e.seq()));
  }

  private static LiveUser merge(
      ServingState s,
      FoldIn foldIn,
      long userId,
      LiveUser prev,
      int[] movies,
      float[] ratings,
      int count,
      long seq) {
    int[] oldMovies = prev == null ? new int[0] : prev.movies();
    int max = oldMovies.length + count;
    long[] packed = new long[max]; // movie index << 32 | position: sorts by movie
    int[] allMovies = new int[max];
    float[] allRatings = new float[max];
    long[] allSeqs = new long[max];
    for (int j = 0; j < oldMovies.length; j++) {
      allMovies[j] = oldMovies[j];
      allRatings[j] = prev.ratings()[j];
      allSeqs[j] = prev.seqs()[j];
    }
    for (int j = 0; j < count; j++) {
      allMovies[oldMovies.length + j] = movies[j];
      allRatings[oldMovies.length + j] = ratings[j];
      allSeqs[oldMovies.length + j] = seq;
    }
    for (int j = 0; j < max; j++) {
      packed[j] = ((long) allMovies[j] << 32) | j;
    }
    Arrays.sort(packed);
    int[] outMovies = new int[max];
    float[] outRatings = new float[max];
    long[] outSeqs = new long[max];
    int n = 0;
    for (long p : packed) {
      int j = (int) p;
      if (n > 0 && outMovies[n - 1] == allMovies[j]) {
        if (allSeqs[j] > outSeqs[n - 1]) { // the later event's rating replaces the earlier one
          outRatings[n - 1] = allRatings[j];
          outSeqs[n - 1] = allSeqs[j];
        }
        continue;
      }
      outMovies[n] = allMovies[j];
      outRatings[n] = allRatings[j];
      outSeqs[n++] = allSeqs[j];
    }
    outMovies = Arrays.copyOf(outMovies, n);
    outRatings = Arrays.copyOf(outRatings, n);
    outSeqs = Arrays.copyOf(outSeqs, n);
    Embeddings emb = s.embeddings();
    int ui = s.userIndex(userId);
    UserHistories.Rated live = new UserHistories.Rated(outMovies, outRatings);
    UserHistories.Rated all = s.histories().with(ui, live);
    Features.Vector fit;
    Features.Vector trainedFit = prev == null ? null : prev.trainedFit();
    if (ui >= 0) {
      // A known user: the trained vector moved by what the live ratings change in the fold-in, the
      // fit on all ratings minus the fit on the training ones (both anchored at the trained
      // vector). No live rating, no move; ten new ratings beside a hundred move it about a tenth.
      Features.Vector trained = new Features.Vector(emb.userVectors()[ui], emb.userBias()[ui]);
      if (trainedFit == null) {
        trainedFit = solve(s, foldIn, s.histories().trainingOf(ui), trained);
      }
      Features.Vector allFit = solve(s, foldIn, all, trained);
      float[] u = new float[emb.dim()];
      for (int d = 0; d < u.length; d++) {
        u[d] = trained.vector()[d] + allFit.vector()[d] - trainedFit.vector()[d];
      }
      fit = new Features.Vector(u, trained.bias() + allFit.bias() - trainedFit.bias());
    } else {
      // A new user: the fold-in of its live ratings, anchored at the features-only vector.
      Features.Vector prior =
          s.coldStartVector() != null
              ? s.coldStartVector()
              : new Features.Vector(new float[emb.dim()], 0f);
      fit = solve(s, foldIn, live, prior);
    }
    UserHistories histories = s.histories();
    Lazy<LikedMovies> liked = new Lazy<>(() -> histories.likedOf(all.movies(), all.ratings()));
    return new LiveUser(
        outMovies, outRatings, outSeqs, fit.vector(), fit.bias(), liked, trainedFit);
  }

  private static Features.Vector solve(
      ServingState s, FoldIn foldIn, UserHistories.Rated r, Features.Vector prior) {
    Embeddings emb = s.embeddings();
    return foldIn.solve(
        emb.movieVectors(),
        emb.movieBias(),
        r.movies(),
        r.ratings(),
        s.yMin(),
        s.yMax(),
        prior.vector(),
        prior.bias());
  }
}
