package dev.marquee.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.data.testing.Datasets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden numbers of the real ML-100K (shared copy, never committed). */
class Ml100kTest {
  private final Dataset d = Datasets.ml100k();

  @Test
  void countsAndVocabularies() {
    assertEquals(DatasetFormat.ML_100K, d.format());
    assertEquals("ml-100k", d.name());
    assertEquals(100_000, d.ratings().size());
    assertEquals(943, d.userIds().size());
    assertEquals(943, d.users().size());
    assertEquals(1_682, d.movieIds().size());
    assertEquals(1_682, d.movies().size());
    assertEquals(19, d.genres().size());
    assertEquals("unknown", d.genres().get(0));
    assertEquals("Western", d.genres().get(18));
    assertEquals(21, d.occupations().size());
    assertEquals(1f, d.minRating());
    assertEquals(5f, d.maxRating());
    assertEquals(0, d.skippedLines());
    // SHA-256 of u.data as published (also pinned by other projects).
    assertEquals(
        "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490", d.fingerprint());
  }

  @Test
  void moviesAndUsers() {
    Movie toy = d.movie(1);
    assertEquals(
        new Movie(1, "Toy Story", 1995, List.of("Animation", "Children's", "Comedy")), toy);
    // Accents survive the ISO-8859-1 decoding.
    assertEquals("Misérables, Les", d.movie(543).title());
    assertEquals(1995, d.movie(543).year());
    assertEquals(
        "Double vie de Véronique, La (Double Life of Veronique, The)", d.movie(1005).title());
    // Movie 267 has no title year and no date.
    assertEquals(new Movie(267, "unknown", 0, List.of("unknown")), d.movie(267));
    assertEquals(new User(1, 24, "M", "technician", "85711"), d.user(1));
    assertEquals(0, d.userIds().index(1));
    assertEquals(1682, d.movieIds().id(1681));
  }

  @Test
  void firstRatingInFileOrder() {
    Ratings r = d.ratings();
    // u.data line 1: 196	242	3	881250949
    assertEquals(196, d.userIds().id(r.user()[0]));
    assertEquals(242, d.movieIds().id(r.movie()[0]));
    assertEquals(3f, r.value()[0]);
    assertEquals(881250949L, r.timestamp()[0]);
  }

  @Test
  void canonicalU1() {
    Split s = Splits.canonical(d, "u1");
    assertEquals(80_000, s.train().size());
    assertEquals(20_000, s.valid().size());
    Split a = Splits.of(d, "ua", 0, 0);
    assertEquals(9_430, a.valid().size()); // 10 per user
  }

  @Test
  void randomSplitIsExactDeterministicAndDisjoint() {
    Split a = Splits.random(d, 0.1, 42);
    Split b = Splits.random(d, 0.1, 42);
    Split c = Splits.random(d, 0.1, 43);
    assertEquals(10_000, a.valid().size());
    assertEquals(90_000, a.train().size());
    assertEquals(a, b);
    assertNotEquals(a.valid(), c.valid());
    Set<Long> train = keys(a.train());
    for (long k : keys(a.valid())) {
      assertFalse(train.contains(k), "row in both train and valid");
    }
  }

  @Test
  void temporalAndLeaveLast() {
    Split t = Splits.temporal(d, 0.2);
    assertEquals(20_000, t.valid().size());
    long maxTrain = max(t.train().timestamp());
    long minValid = min(t.valid().timestamp());
    assertTrue(
        maxTrain <= minValid,
        "temporal cut: train ends " + maxTrain + ", valid starts " + minValid);

    Split l = Splits.of(d, "leave-last-n", 0, 0);
    assertEquals("leave-last-1", l.name());
    assertEquals(943, l.valid().size()); // every ML-100K user has >= 20 ratings
    assertEquals(943 * 3, Splits.of(d, "leave-last-3", 0, 0).valid().size());
    assertEquals(0, Splits.none(d).valid().size());
  }

  private static Set<Long> keys(Ratings r) {
    Set<Long> s = new HashSet<>();
    for (int i = 0; i < r.size(); i++) {
      s.add(((long) r.user()[i] << 32) | r.movie()[i]);
    }
    return s;
  }

  private static long max(long[] a) {
    long m = Long.MIN_VALUE;
    for (long x : a) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static long min(long[] a) {
    long m = Long.MAX_VALUE;
    for (long x : a) {
      m = Math.min(m, x);
    }
    return m;
  }
}
