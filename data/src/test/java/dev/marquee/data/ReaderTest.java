package dev.marquee.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three layouts on tiny fixtures, and every kind of bad input. */
class ReaderTest {
  @TempDir Path tmp;

  @Test
  void readsMl100kFixture() throws IOException {
    Dataset d =
        MovieLensReader.read(
            Fixtures.ml100k(tmp.resolve("tiny"), Fixtures.DATA), ReadOptions.strict());
    assertEquals("tiny", d.name());
    assertEquals(List.of("unknown", "Action", "Comedy"), d.genres());
    assertEquals(List.of("artist", "other", "writer"), d.occupations());
    assertArrayEquals(new long[] {1, 2, 5}, d.movieIds().ids());
    assertEquals(new Movie(2, "Misérables, Les", 1995, List.of("Action")), d.movie(2));
    assertEquals(new Movie(5, "unknown", 0, List.of("unknown")), d.movie(5));
    assertEquals(new User(3, 30, "F", "artist", "K1A0B"), d.user(3));
    assertEquals(6, d.ratings().size());
    assertArrayEquals(new int[] {0, 0, 1, 2, 1, 2}, d.ratings().user());
    assertArrayEquals(new int[] {0, 1, 0, 2, 2, 0}, d.ratings().movie());
    assertArrayEquals(new float[] {5, 3, 4, 1, 2, 2}, d.ratings().value());
    assertEquals(2, d.movieIds().index(5));
    assertEquals(-1, d.movieIds().index(3));
  }

  @Test
  void readsMl1mLayout() throws IOException {
    Path dir = tmp.resolve("ml-1m");
    Fixtures.write(
        dir.resolve("movies.dat"),
        "1::Toy Story (1995)::Animation|Children's|Comedy\n10::Cité des enfants perdus, La (1995)::Adventure|Sci-Fi\n",
        StandardCharsets.ISO_8859_1);
    Fixtures.write(
        dir.resolve("users.dat"),
        "1::F::1::10::48067\n2::M::56::16::70072\n",
        StandardCharsets.ISO_8859_1);
    Fixtures.write(
        dir.resolve("ratings.dat"),
        "1::1::5::978300760\n2::10::3::978298413\n",
        StandardCharsets.ISO_8859_1);
    Dataset d = MovieLensReader.read(dir, ReadOptions.strict());
    assertEquals(DatasetFormat.ML_1M, d.format());
    assertEquals(new User(1, 1, "F", "K-12 student", "48067"), d.user(1));
    assertEquals(new User(2, 56, "M", "self-employed", "70072"), d.user(2));
    assertEquals("Cité des enfants perdus, La", d.movie(10).title());
    assertEquals(List.of("Adventure", "Sci-Fi"), d.movie(10).genres());
    assertEquals(18, d.genres().size());
    assertEquals(21, d.occupations().size());
    assertEquals(2, d.ratings().size());
  }

  @Test
  void readsCsvLayoutWithQuotingAndUtf8() throws IOException {
    Path dir = tmp.resolve("ml-latest-small");
    Fixtures.write(
        dir.resolve("movies.csv"),
        """
        movieId,title,genres
        1,Toy Story (1995),Adventure|Animation
        11,"American President, The (1995)",Comedy|Drama|Romance
        12,"Say ""Hi"" (2001)",(no genres listed)
        13,"Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)",Comedy
        14,Cosmos,Documentary
        15,"Twin Peaks (1989–1991)",Drama
        """,
        StandardCharsets.UTF_8);
    Fixtures.write(
        dir.resolve("ratings.csv"),
        """
        userId,movieId,rating,timestamp
        7,1,4.0,964982703
        7,11,0.5,964981247
        3,12,3.5,964982224
        """,
        StandardCharsets.UTF_8);
    Dataset d = MovieLensReader.read(dir, ReadOptions.strict());
    assertEquals(DatasetFormat.CSV, d.format());
    assertEquals(
        new Movie(11, "American President, The", 1995, List.of("Comedy", "Drama", "Romance")),
        d.movie(11));
    assertEquals(new Movie(12, "Say \"Hi\"", 2001, List.of()), d.movie(12));
    assertEquals("Amélie (Fabuleux destin d'Amélie Poulain, Le)", d.movie(13).title());
    assertEquals(new Movie(14, "Cosmos", 0, List.of("Documentary")), d.movie(14));
    assertEquals(new Movie(15, "Twin Peaks", 1989, List.of("Drama")), d.movie(15));
    assertArrayEquals(new long[] {3, 7}, d.userIds().ids());
    assertEquals(User.unknown(7), d.user(7));
    assertArrayEquals(new int[] {1, 1, 0}, d.ratings().user());
    assertArrayEquals(new float[] {4f, 0.5f, 3.5f}, d.ratings().value());
    assertEquals(0.5f, d.minRating());
    assertEquals(List.of(), d.occupations());
    assertEquals(
        List.of("Adventure", "Animation", "Comedy", "Drama", "Romance", "Documentary"), d.genres());
  }

  private String error(String data) {
    Path dir = tmp.resolve("bad" + System.nanoTime());
    Fixtures.ml100k(dir, data);
    return assertThrows(
            DataFormatException.class, () -> MovieLensReader.read(dir, ReadOptions.strict()))
        .getMessage();
  }

  @Test
  void malformedRatingsNameFileLineAndText() {
    assertEquals(
        "u.data:2: expected 4 tab-separated fields, got 3: '1\\t2\\t3'",
        error("1\t1\t5\t100\n1\t2\t3\n"));
    assertEquals(
        "u.data:1: user id 'x' is not a number: 'x\\t1\\t5\\t100'", error("x\t1\t5\t100\n"));
    assertEquals(
        "u.data:1: movie id '-1' is not a number: '1\\t-1\\t5\\t100'", error("1\t-1\t5\t100\n"));
    assertEquals(
        "u.data:1: rating 'five' is not a number: '1\\t1\\tfive\\t100'",
        error("1\t1\tfive\t100\n"));
    assertEquals(
        "u.data:3: rating '7' outside the scale 1..5: '1\\t2\\t7\\t100'",
        error("1\t1\t5\t100\n\n1\t2\t7\t100\n"));
    assertEquals(
        "u.data:1: rating '0.5' outside the scale 1..5: '1\\t2\\t0.5\\t100'",
        error("1\t2\t0.5\t100\n"));
    assertEquals(
        "u.data:1: unknown movie id 99 (not in u.item): '1\\t99\\t5\\t100'",
        error("1\t99\t5\t100\n"));
    assertEquals(
        "u.data:1: unknown user id 4 (not in u.user): '4\\t1\\t5\\t100'", error("4\t1\t5\t100\n"));
    assertEquals("u.data:1: timestamp 't' is not a number: '1\\t1\\t5\\tt'", error("1\t1\t5\tt\n"));
  }

  @Test
  void malformedMovieAndUserFiles() {
    Path dir = tmp.resolve("badItem");
    Fixtures.ml100k(dir, Fixtures.DATA, "1|Toy Story (1995)|01-Jan-1995||x|0|0\n", Fixtures.USERS);
    assertEquals(
        "u.item:1: expected 8 '|'-separated fields, got 7: '1|Toy Story (1995)|01-Jan-1995||x|0|0'",
        assertThrows(
                DataFormatException.class, () -> MovieLensReader.read(dir, ReadOptions.strict()))
            .getMessage());
    Path dir2 = tmp.resolve("badUser");
    Fixtures.ml100k(
        dir2, Fixtures.DATA, Fixtures.ITEMS, "1|24|M|writer|85711\n1|25|F|pilot|00000\n");
    assertEquals(
        "u.user:2: occupation 'pilot' is not in u.occupation: '1|25|F|pilot|00000'",
        assertThrows(
                DataFormatException.class, () -> MovieLensReader.read(dir2, ReadOptions.strict()))
            .getMessage());
  }

  @Test
  void lenientSkipsAndCounts() throws IOException {
    Path dir =
        Fixtures.ml100k(
            tmp.resolve("lenient"),
            Fixtures.DATA + "1\t2\t3\nx\t1\t5\t1\n1\t1\t9\t1\n1\t99\t5\t1\n",
            Fixtures.ITEMS + "oops|a|b\n",
            Fixtures.USERS);
    Dataset d = MovieLensReader.read(dir, new ReadOptions(true));
    assertEquals(6, d.ratings().size());
    assertEquals(5, d.skippedLines());
    assertEquals(3, d.movies().size());
  }

  @Test
  void missingEmptyAndUnknownInputsAreOneLine() throws IOException {
    Path none = tmp.resolve("nothing-here");
    assertEquals(
        none + ": no such directory",
        assertThrows(
                DataFormatException.class, () -> MovieLensReader.read(none, ReadOptions.strict()))
            .getMessage());

    Files.createDirectories(none);
    Files.writeString(none.resolve("notes.txt"), "hi");
    assertEquals(
        none
            + ": no MovieLens dataset here; expected u.data (ML-100K), ratings.dat (ML-1M) or ratings.csv"
            + " (ml-latest-small, ml-25m, ml-32m)",
        assertThrows(
                DataFormatException.class, () -> MovieLensReader.read(none, ReadOptions.strict()))
            .getMessage());

    Path empty = Fixtures.ml100k(tmp.resolve("empty"), "");
    assertEquals(
        empty.resolve("u.data") + ": empty file",
        assertThrows(
                DataFormatException.class, () -> MovieLensReader.read(empty, ReadOptions.strict()))
            .getMessage());

    Path missing = Fixtures.ml100k(tmp.resolve("missing"), Fixtures.DATA);
    Files.delete(missing.resolve("u.user"));
    assertEquals(
        missing + ": missing u.user (ML-100K needs u.data, u.item, u.user, u.genre, u.occupation)",
        assertThrows(
                DataFormatException.class,
                () -> MovieLensReader.read(missing, ReadOptions.strict()))
            .getMessage());
  }

  @Test
  void fingerprintIsSha256OfRatingsFile() throws Exception {
    Path dir = Fixtures.ml100k(tmp.resolve("fp"), Fixtures.DATA);
    Dataset d = MovieLensReader.read(dir, ReadOptions.strict());
    byte[] sha =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(dir.resolve("u.data")));
    assertEquals(java.util.HexFormat.of().formatHex(sha), d.fingerprint());
  }

  @Test
  void longLinesAndCrlf() throws IOException {
    // A line longer than the scanner's 64 KiB buffer, and Windows line ends.
    String longLine = "1\t1\t5\t" + "1".repeat(17) + " ".repeat(70_000);
    Path dir = Fixtures.ml100k(tmp.resolve("long"), "1\t2\t3\t5\r\n" + longLine + "\r\n");
    Dataset d = MovieLensReader.read(dir, ReadOptions.strict());
    assertEquals(2, d.ratings().size());
    assertEquals(11_111_111_111_111_111L, d.ratings().timestamp()[1]);
  }
}
