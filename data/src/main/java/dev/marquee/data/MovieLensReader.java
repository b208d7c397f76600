package dev.marquee.data;

import dev.marquee.core.Genres;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a MovieLens directory into a {@link Dataset}. The format is detected from the ratings file
 * present: {@code u.data} (ML-100K), {@code ratings.dat} (ML-1M) or {@code ratings.csv}
 * (ml-latest-small, ml-25m, ml-32m).
 *
 * <p>Every problem is a {@link DataFormatException} with a one-line message naming the file, the
 * line and the line's text; missing, empty and unrecognised inputs name the directory and the files
 * expected. With {@link ReadOptions#lenient()} malformed lines (wrong field count, non-numeric
 * field, rating off the scale, unknown or duplicate id) are skipped and counted in {@link
 * Dataset#skippedLines()} instead.
 *
 * <p>Ratings are parsed from bytes into primitive columns, so ml-25m reads in seconds and about 20
 * bytes per rating.
 */
public final class MovieLensReader {
  /** ML-1M's occupation codes 0..20, named as in its README. */
  public static final List<String> ML_1M_OCCUPATIONS =
      List.of(
          "other",
          "academic/educator",
          "artist",
          "clerical/admin",
          "college/grad student",
          "customer service",
          "doctor/health care",
          "executive/managerial",
          "farmer",
          "homemaker",
          "K-12 student",
          "lawyer",
          "programmer",
          "retired",
          "sales/marketing",
          "scientist",
          "self-employed",
          "technician/engineer",
          "tradesman/craftsman",
          "unemployed",
          "writer");

  private static final String CSV_NO_GENRES = "(no genres listed)";
  private static final Pattern TITLE_YEAR =
      Pattern.compile("^(.*?)\\s*\\((\\d{4})(?:\\s*[-\u2013]\\s*(?:\\d{4})?)?\\)\\s*$");

  private MovieLensReader() {}

  /**
   * Reads the dataset in {@code dir}.
   *
   * @throws DataFormatException for a missing, empty, unrecognised or malformed input
   * @throws IOException when a file cannot be read
   */
  public static Dataset read(Path dir, ReadOptions opts) throws IOException {
    DatasetFormat format = detect(dir);
    Problems problems = new Problems(opts.lenient());
    return switch (format) {
      case ML_100K -> readMl100k(dir, problems);
      case ML_1M -> readMl1m(dir, problems);
      case CSV -> readCsv(dir, problems);
    };
  }

  /**
   * The format of the dataset in {@code dir}, from the ratings file present.
   *
   * @throws DataFormatException when {@code dir} is missing or holds none of the known files
   */
  public static DatasetFormat detect(Path dir) throws DataFormatException {
    if (!Files.exists(dir)) {
      throw new DataFormatException(dir.toString(), 0, "no such directory");
    }
    if (!Files.isDirectory(dir)) {
      throw new DataFormatException(dir.toString(), 0, "not a directory");
    }
    if (Files.isRegularFile(dir.resolve("u.data"))) {
      return DatasetFormat.ML_100K;
    }
    if (Files.isRegularFile(dir.resolve("ratings.dat"))) {
      return DatasetFormat.ML_1M;
    }
    if (Files.isRegularFile(dir.resolve("ratings.csv"))) {
      return DatasetFormat.CSV;
    }
    throw new DataFormatException(
        dir.toString(),
        0,
        "no MovieLens dataset here; expected u.data (ML-100K), ratings.dat (ML-1M) or ratings.csv"
            + " (ml-latest-small, ml-25m, ml-32m)");
  }

  // ---------------------------------------------------------------- ML-100K

  private static final String ML100K_FILES = "u.data, u.item, u.user, u.genre, u.occupation";

  private static Dataset readMl100k(Path dir, Problems problems) throws IOException {
    Charset latin1 = StandardCharsets.ISO_8859_1;
    List<String> genres = new ArrayList<>();
    for (Line line : lines(require(dir, "u.genre", "ML-100K", ML100K_FILES), latin1)) {
      String[] f = line.text.split("\\|", -1);
      if (f.length != 2 || parseInt(f[1]) != genres.size()) {
        problems.reject(
            line.file,
            line.number,
            "expected 'name|" + genres.size() + "' (genres numbered from 0 in order)",
            line.text);
        continue;
      }
      genres.add(f[0]);
    }
    List<String> occupations = new ArrayList<>();
    for (Line line : lines(require(dir, "u.occupation", "ML-100K", ML100K_FILES), latin1)) {
      occupations.add(line.text.strip());
    }

    Path itemFile = require(dir, "u.item", "ML-100K", ML100K_FILES);
    int itemFields = 5 + genres.size();
    Map<Long, Movie> movies = new LinkedHashMap<>();
    for (Line line : lines(itemFile, latin1)) {
      String[] f = line.text.split("\\|", -1);
      if (f.length != itemFields) {
        problems.reject(
            line.file,
            line.number,
            "expected " + itemFields + " '|'-separated fields, got " + f.length,
            line.text);
        continue;
      }
      long id = parseId(f[0]);
      if (id < 0) {
        problems.reject(
            line.file,
            line.number,
            "movie id " + Problems.quote(f[0]) + " is not a number",
            line.text);
        continue;
      }
      List<String> g = new ArrayList<>();
      boolean flagsOk = true;
      for (int k = 0; k < genres.size(); k++) {
        String flag = f[5 + k].strip();
        if (flag.equals("1")) {
          g.add(genres.get(k));
        } else if (!flag.equals("0")) {
          flagsOk = false;
        }
      }
      if (!flagsOk) {
        problems.reject(line.file, line.number, "genre flags must be 0 or 1", line.text);
        continue;
      }
      TitleYear ty = titleYear(f[1]);
      int year = yearOfDate(f[2]);
      if (movies.containsKey(id)) {
        problems.reject(line.file, line.number, "duplicate movie id " + id, line.text);
        continue;
      }
      movies.put(id, new Movie(id, ty.title, year != 0 ? year : ty.year, g));
    }
    requireSome(itemFile, movies.size());

    Path userFile = require(dir, "u.user", "ML-100K", ML100K_FILES);
    Set<String> known = Set.copyOf(occupations);
    Map<Long, User> users = new LinkedHashMap<>();
    for (Line line : lines(userFile, latin1)) {
      String[] f = line.text.split("\\|", -1);
      if (f.length != 5) {
        problems.reject(
            line.file, line.number, "expected 5 '|'-separated fields, got " + f.length, line.text);
        continue;
      }
      long id = parseId(f[0]);
      int age = parseInt(f[1]);
      if (id < 0) {
        problems.reject(
            line.file,
            line.number,
            "user id " + Problems.quote(f[0]) + " is not a number",
            line.text);
      } else if (age < 0) {
        problems.reject(
            line.file, line.number, "age " + Problems.quote(f[1]) + " is not a number", line.text);
      } else if (!known.contains(f[3])) {
        problems.reject(
            line.file,
            line.number,
            "occupation " + Problems.quote(f[3]) + " is not in u.occupation",
            line.text);
      } else if (users.containsKey(id)) {
        problems.reject(line.file, line.number, "duplicate user id " + id, line.text);
      } else {
        users.put(id, new User(id, age, f[2], f[3], f[4]));
      }
    }
    requireSome(userFile, users.size());
    return assemble(
        dir,
        DatasetFormat.ML_100K,
        dir.resolve("u.data"),
        users,
        "u.user",
        movies,
        "u.item",
        genres,
        occupations,
        1f,
        5f,
        problems);
  }

  // ---------------------------------------------------------------- ML-1M

  private static final String ML1M_FILES = "ratings.dat, movies.dat, users.dat";

  private static Dataset readMl1m(Path dir, Problems problems) throws IOException {
    Path movieFile = require(dir, "movies.dat", "ML-1M", ML1M_FILES);
    // ML-1M's 18 genres in its README's order; genres outside it are appended as first seen.
    Set<String> genres = new LinkedHashSet<>(Genres.REAL);
    Map<Long, Movie> movies = new LinkedHashMap<>();
    for (Line line : lines(movieFile, StandardCharsets.ISO_8859_1)) {
      String[] f = line.text.split("::", -1);
      if (f.length != 3) {
        problems.reject(
            line.file, line.number, "expected 3 '::'-separated fields, got " + f.length, line.text);
        continue;
      }
      long id = parseId(f[0]);
      if (id < 0) {
        problems.reject(
            line.file,
            line.number,
            "movie id " + Problems.quote(f[0]) + " is not a number",
            line.text);
      } else if (movies.containsKey(id)) {
        problems.reject(line.file, line.number, "duplicate movie id " + id, line.text);
      } else {
        List<String> g = splitGenres(f[2]);
        genres.addAll(g);
        TitleYear ty = titleYear(f[1]);
        movies.put(id, new Movie(id, ty.title, ty.year, g));
      }
    }
    requireSome(movieFile, movies.size());

    Path userFile = require(dir, "users.dat", "ML-1M", ML1M_FILES);
    Map<Long, User> users = new LinkedHashMap<>();
    for (Line line : lines(userFile, StandardCharsets.ISO_8859_1)) {
      // UserID::Gender::Age::Occupation::Zip-code
      String[] f = line.text.split("::", -1);
      if (f.length != 5) {
        problems.reject(
            line.file, line.number, "expected 5 '::'-separated fields, got " + f.length, line.text);
        continue;
      }
      long id = parseId(f[0]);
      int age = parseInt(f[2]);
      int occ = parseInt(f[3]);
      if (id < 0) {
        problems.reject(
            line.file,
            line.number,
            "user id " + Problems.quote(f[0]) + " is not a number",
            line.text);
      } else if (age < 0) {
        problems.reject(
            line.file, line.number, "age " + Problems.quote(f[2]) + " is not a number", line.text);
      } else if (occ < 0 || occ >= ML_1M_OCCUPATIONS.size()) {
        problems.reject(
            line.file,
            line.number,
            "occupation code " + Problems.quote(f[3]) + " not in 0..20",
            line.text);
      } else if (users.containsKey(id)) {
        problems.reject(line.file, line.number, "duplicate user id " + id, line.text);
      } else {
        users.put(id, new User(id, age, f[1], ML_1M_OCCUPATIONS.get(occ), f[4]));
      }
    }
    requireSome(userFile, users.size());
    return assemble(
        dir,
        DatasetFormat.ML_1M,
        dir.resolve("ratings.dat"),
        users,
        "users.dat",
        movies,
        "movies.dat",
        List.copyOf(genres),
        ML_1M_OCCUPATIONS,
        1f,
        5f,
        problems);
  }

  // ---------------------------------------------------------------- CSV

  private static Dataset readCsv(Path dir, Problems problems) throws IOException {
    Path movieFile = require(dir, "movies.csv", "CSV", "ratings.csv, movies.csv");
    Set<String> genres = new LinkedHashSet<>();
    Map<Long, Movie> movies = new LinkedHashMap<>();
    List<CsvRecord> records = readCsvRecords(movieFile, problems);
    boolean first = true;
    for (CsvRecord r : records) {
      if (first) {
        first = false;
        if (!r.fields.isEmpty() && r.fields.get(0).equals("movieId")) {
          continue;
        }
      }
      if (r.fields.size() != 3) {
        problems.reject(
            r.file, r.line, "expected 3 comma-separated fields, got " + r.fields.size(), r.text);
        continue;
      }
      long id = parseId(r.fields.get(0));
      if (id < 0) {
        problems.reject(
            r.file,
            r.line,
            "movie id " + Problems.quote(r.fields.get(0)) + " is not a number",
            r.text);
      } else if (movies.containsKey(id)) {
        problems.reject(r.file, r.line, "duplicate movie id " + id, r.text);
      } else {
        String gs = r.fields.get(2).strip();
        List<String> g = gs.equals(CSV_NO_GENRES) ? List.of() : splitGenres(gs);
        genres.addAll(g);
        TitleYear ty = titleYear(r.fields.get(1));
        movies.put(id, new Movie(id, ty.title, ty.year, g));
      }
    }
    requireSome(movieFile, movies.size());
    return assemble(
        dir,
        DatasetFormat.CSV,
        dir.resolve("ratings.csv"),
        null,
        null,
        movies,
        "movies.csv",
        List.copyOf(genres),
        List.of(),
        0.5f,
        5f,
        problems);
  }

  // ---------------------------------------------------------------- shared

  private static Dataset assemble(
      Path dir,
      DatasetFormat format,
      Path ratingsFile,
      Map<Long, User> usersById,
      String userSource,
      Map<Long, Movie> moviesById,
      String movieSource,
      List<String> genres,
      List<String> occupations,
      float lo,
      float hi,
      Problems problems)
      throws IOException {
    IdMap movieIds = IdMap.of(moviesById.keySet().stream().mapToLong(Long::longValue).toArray());
    List<Movie> movies = new ArrayList<>(movieIds.size());
    for (int i = 0; i < movieIds.size(); i++) {
      movies.add(moviesById.get(movieIds.id(i)));
    }
    IdMap userIds =
        usersById == null
            ? null
            : IdMap.of(usersById.keySet().stream().mapToLong(Long::longValue).toArray());

    MessageDigest sha = sha256();
    Ratings ratings =
        RatingsParser.parse(
            ratingsFile,
            RatingsParser.Layout.of(format),
            userIds,
            userSource,
            movieIds,
            movieSource,
            lo,
            hi,
            problems,
            sha);
    if (ratings.size() == 0) {
      throw new DataFormatException(
          ratingsFile.toString(),
          0,
          problems.skipped() > 0 ? "no valid ratings (all lines skipped)" : "no ratings");
    }
    String fingerprint = HexFormat.of().formatHex(sha.digest());

    List<User> users;
    if (usersById == null) {
      // No user file: users are the distinct ids of the ratings, which hold raw ids until mapped.
      int[] raw = ratings.user();
      int[] distinct = raw.clone();
      Arrays.sort(distinct);
      int k = 0;
      for (int i = 0; i < distinct.length; i++) {
        if (i == 0 || distinct[i] != distinct[i - 1]) {
          distinct[k++] = distinct[i];
        }
      }
      long[] ids = new long[k];
      for (int i = 0; i < k; i++) {
        ids[i] = distinct[i];
      }
      userIds = IdMap.of(ids);
      for (int i = 0; i < raw.length; i++) {
        raw[i] = userIds.index(raw[i]);
      }
      users = new ArrayList<>(k);
      for (long id : ids) {
        users.add(User.unknown(id));
      }
    } else {
      users = new ArrayList<>(userIds.size());
      for (int i = 0; i < userIds.size(); i++) {
        users.add(usersById.get(userIds.id(i)));
      }
    }
    return new Dataset(
        dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
        format,
        dir,
        userIds,
        movieIds,
        users,
        movies,
        ratings,
        genres,
        occupations,
        lo,
        hi,
        fingerprint,
        problems.skipped());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }

  private static Path require(Path dir, String file, String format, String files)
      throws DataFormatException {
    Path p = dir.resolve(file);
    if (!Files.isRegularFile(p)) {
      throw new DataFormatException(
          dir.toString(), 0, "missing " + file + " (" + format + " needs " + files + ")");
    }
    return p;
  }

  private static void requireSome(Path file, int count) throws DataFormatException {
    if (count == 0) {
      throw new DataFormatException(file.toString(), 0, "empty file (no valid lines)");
    }
  }

  /** A non-blank line of a small text file. */
  private record Line(String file, long number, String text) {}

  private static List<Line> lines(Path file, Charset cs) throws IOException {
    List<Line> out = new ArrayList<>();
    String name = file.getFileName().toString();
    try (BufferedReader r = Files.newBufferedReader(file, cs)) {
      long n = 0;
      for (String s; (s = r.readLine()) != null; ) {
        n++;
        if (!s.isBlank()) {
          out.add(new Line(name, n, s));
        }
      }
    }
    if (out.isEmpty()) {
      throw new DataFormatException(file.toString(), 0, "empty file");
    }
    return out;
  }

  /** One RFC-4180 record; {@code line} is where it starts. */
  private record CsvRecord(String file, long line, String text, List<String> fields) {}

  // RFC-4180: quoted fields may hold commas, doubled quotes and line breaks.
  private static List<CsvRecord> readCsvRecords(Path file, Problems problems) throws IOException {
    List<CsvRecord> out = new ArrayList<>();
    String name = file.getFileName().toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long n = 0;
      for (String s; (s = r.readLine()) != null; ) {
        n++;
        if (s.isBlank()) {
          continue;
        }
        long startLine = n;
        StringBuilder text = new StringBuilder(s);
        List<String> fields = new ArrayList<>(3);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        String bad = null;
        int i = 0;
        while (true) {
          if (i == text.length()) {
            if (quoted) {
              String next = r.readLine();
              if (next == null) {
                bad = "unterminated quoted field";
                break;
              }
              n++;
              field.append('\n');
              text.append('\n').append(next);
              continue;
            }
            fields.add(field.toString());
            break;
          }
          char c = text.charAt(i++);
          if (quoted) {
            if (c == '"') {
              if (i < text.length() && text.charAt(i) == '"') {
                field.append('"');
                i++;
              } else {
                quoted = false;
              }
            } else {
              field.append(c);
            }
          } else if (c == ',') {
            fields.add(field.toString());
            field.setLength(0);
            wasQuoted = false;
          } else if (c == '"' && field.isEmpty() && !wasQuoted) {
            quoted = true;
            wasQuoted = true;
          } else if (wasQuoted) {
            bad = "text after a closing quote";
            break;
          } else {
            field.append(c);
          }
        }
        if (bad != null) {
          problems.reject(name, startLine, bad, text.toString());
          continue;
        }
        out.add(new CsvRecord(name, startLine, text.toString(), fields));
      }
    }
    if (out.isEmpty()) {
      throw new DataFormatException(file.toString(), 0, "empty file");
    }
    return out;
  }

  private record TitleYear(String title, int year) {}

  /**
   * "Toy Story (1995)" -> ("Toy Story", 1995); a title without a year keeps its text and year 0.
   */
  static TitleYear titleYear(String raw) {
    String s = raw.strip();
    Matcher m = TITLE_YEAR.matcher(s);
    if (m.matches() && !m.group(1).isEmpty()) {
      return new TitleYear(m.group(1), Integer.parseInt(m.group(2)));
    }
    return new TitleYear(s, 0);
  }

  /** The year of a date like 01-Jan-1995, or 0. */
  static int yearOfDate(String date) {
    String s = date.strip();
    if (s.length() >= 4) {
      int y = parseInt(s.substring(s.length() - 4));
      if (y > 0) {
        return y;
      }
    }
    return 0;
  }

  private static List<String> splitGenres(String s) {
    List<String> g = new ArrayList<>();
    for (String part : s.split("\\|")) {
      String p = part.strip();
      if (!p.isEmpty()) {
        g.add(p);
      }
    }
    return g;
  }

  private static long parseId(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return RatingsParser.parseLong(b, 0, b.length);
  }

  /** A non-negative int, or -1. */
  private static int parseInt(String s) {
    long v = parseId(s);
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }
}
