package dev.marquee.trainer;

import dev.marquee.core.events.EventLog;
import dev.marquee.core.events.RatingEvent;
import dev.marquee.data.Dataset;
import dev.marquee.data.IdMap;
import dev.marquee.data.Ratings;
import dev.marquee.data.User;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The dataset plus a server's live-rating event log ({@code trainer train --events}): every event's
 * ratings are added, a later rating of the same (user, movie) replacing the earlier one (the
 * dataset's included), users the dataset lacks are added with unknown features, and ratings of
 * movies it lacks are skipped (a movie needs metadata to be trained). The last sequence number read
 * goes into the manifest so that the server replays only newer events.
 *
 * @param dataset the merged dataset
 * @param lastSeq the last event read (0 for an empty log)
 * @param events events read
 * @param added ratings added as new (user, movie) pairs
 * @param replaced dataset ratings replaced
 * @param newUsers users added
 * @param skipped ratings of unknown movies skipped
 */
record LiveEvents(
    Dataset dataset,
    long lastSeq,
    long events,
    long added,
    long replaced,
    int newUsers,
    long skipped) {

  /** One live rating and its time. */
  private record Live(float rating, long seconds) {}

  /** Reads the log in {@code dir} and merges it into {@code d}. */
  static LiveEvents merge(Dataset d, Path dir, Consumer<String> report) throws IOException {
    // user id -> movie index -> rating, the last event's winning; sorted, so the output is too.
    Map<Long, Map<Integer, Live>> live = new TreeMap<>();
    long[] counts = new long[2]; // events, skipped
    long last =
        EventLog.read(
            dir,
            0,
            e -> {
              counts[0]++;
              for (RatingEvent.MovieRating r : e.ratings()) {
                int m = d.movieIds().index(r.movieId());
                if (m < 0) {
                  counts[1]++;
                  continue;
                }
                live.computeIfAbsent(e.userId(), u -> new TreeMap<>())
                    .put(m, new Live(r.rating(), e.timestampMillis() / 1000));
              }
            },
            report);
    // Users: the dataset's plus the new ids; indices follow ascending id order, so remap all.
    List<Long> ids = new ArrayList<>();
    for (long id : d.userIds().ids()) {
      ids.add(id);
    }
    int newUsers = 0;
    for (long id : live.keySet()) {
      if (d.userIds().index(id) < 0) {
        ids.add(id);
        newUsers++;
      }
    }
    IdMap userIds = IdMap.of(ids.stream().mapToLong(Long::longValue).toArray());
    List<User> users = new ArrayList<>(userIds.size());
    for (int i = 0; i < userIds.size(); i++) {
      User u = d.user(userIds.id(i));
      users.add(u != null ? u : User.unknown(userIds.id(i)));
    }
    Ratings r = d.ratings();
    int n = r.size();
    long pending = 0;
    for (Map<Integer, Live> m : live.values()) {
      pending += m.size();
    }
    int[] uu = new int[(int) (n + pending)], mm = new int[uu.length];
    float[] vv = new float[uu.length];
    long[] tt = new long[uu.length];
    long replaced = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      long uid = d.userIds().id(r.user()[i]);
      Map<Integer, Live> mine = live.get(uid);
      Live over = mine == null ? null : mine.remove(r.movie()[i]);
      uu[k] = userIds.index(uid);
      mm[k] = r.movie()[i];
      vv[k] = over == null ? r.value()[i] : over.rating();
      tt[k++] = over == null ? r.timestamp()[i] : over.seconds();
      if (over != null) {
        replaced++;
      }
    }
    long added = 0;
    for (Map.Entry<Long, Map<Integer, Live>> e : live.entrySet()) {
      int u = userIds.index(e.getKey());
      for (Map.Entry<Integer, Live> rating : e.getValue().entrySet()) {
        uu[k] = u;
        mm[k] = rating.getKey();
        vv[k] = rating.getValue().rating();
        tt[k++] = rating.getValue().seconds();
        added++;
      }
    }
    Ratings merged =
        new Ratings(
            java.util.Arrays.copyOf(uu, k),
            java.util.Arrays.copyOf(mm, k),
            java.util.Arrays.copyOf(vv, k),
            java.util.Arrays.copyOf(tt, k));
    Dataset out =
        new Dataset(
            d.name(),
            d.format(),
            d.dir(),
            userIds,
            d.movieIds(),
            users,
            d.movies(),
            merged,
            d.genres(),
            d.occupations(),
            d.minRating(),
            d.maxRating(),
            d.fingerprint(),
            d.skippedLines());
    return new LiveEvents(out, last, counts[0], added, replaced, newUsers, counts[1]);
  }
}
