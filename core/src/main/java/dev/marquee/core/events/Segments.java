package dev.marquee.core.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** Encoding, decoding and scanning of segments and records; the format is {@link EventLog}'s. */
final class Segments {
  static final int MAGIC = 0x4D514556; // "MQEV"
  static final int VERSION = 1;
  static final int HEADER_BYTES = 16;
  static final int RECORD_HEADER_BYTES = 8;
  // seq, timestamp, user id, request id length, rating count
  static final int MIN_PAYLOAD = 8 + 8 + 8 + 4 + 4;
  static final int MAX_PAYLOAD =
      MIN_PAYLOAD + EventLog.MAX_REQUEST_ID_BYTES + EventLog.MAX_RATINGS * 12;
  static final String SUFFIX = ".events";
  private static final Pattern NAME = Pattern.compile("(\\d{20})\\.events");

  private Segments() {}

  /** A segment file and the sequence number its name says it starts at. */
  record SegmentFile(Path path, long firstSeq) {}

  static String name(long firstSeq) {
    return String.format("%020d", firstSeq) + SUFFIX;
  }

  /** The directory's segments by first sequence number (other files are ignored). */
  static List<SegmentFile> list(Path dir) throws IOException {
    List<SegmentFile> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          out.add(new SegmentFile(p, Long.parseLong(m.group(1))));
        }
      }
    }
    out.sort((a, b) -> Long.compare(a.firstSeq(), b.firstSeq()));
    return out;
  }

  static ByteBuffer header(long firstSeq) {
    return ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(firstSeq).flip();
  }

  /** The record of {@code e}: length, CRC32C of the payload, payload. */
  static ByteBuffer encode(RatingEvent e) {
    byte[] id = e.requestId().getBytes(StandardCharsets.UTF_8);
    int n = e.ratings().size();
    int len = MIN_PAYLOAD + id.length + n * 12;
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_BYTES + len);
    b.putInt(len).putInt(0);
    b.putLong(e.seq()).putLong(e.timestampMillis()).putLong(e.userId());
    b.putInt(id.length).put(id).putInt(n);
    for (RatingEvent.MovieRating r : e.ratings()) {
      b.putLong(r.movieId()).putFloat(r.rating());
    }
    b.putInt(4, crc(b.array(), RECORD_HEADER_BYTES, len));
    return b.flip();
  }

  static int crc(byte[] a, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(a, off, len);
    return (int) c.getValue();
  }

  /** Decodes one payload; a malformed one is an {@link IllegalArgumentException}. */
  static RatingEvent decode(ByteBuffer p) {
    long seq = p.getLong();
    long ts = p.getLong();
    long user = p.getLong();
    int idLen = p.getInt();
    if (idLen < 0 || idLen > EventLog.MAX_REQUEST_ID_BYTES || idLen > p.remaining() - 4) {
      throw new IllegalArgumentException("request id length " + idLen);
    }
    byte[] id = new byte[idLen];
    p.get(id);
    int n = p.getInt();
    if (n < 0 || (long) n * 12 != p.remaining()) {
      throw new IllegalArgumentException(
          "rating count " + n + " does not fill the " + p.remaining() + " bytes left");
    }
    List<RatingEvent.MovieRating> ratings = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      ratings.add(new RatingEvent.MovieRating(p.getLong(), p.getFloat()));
    }
    return new RatingEvent(seq, new String(id, StandardCharsets.UTF_8), user, ratings, ts);
  }

  /**
   * What a scan of one segment found: the valid records end at {@code validEnd}, the last has
   * sequence number {@code lastSeq}; {@code problem} (null when none) says what is wrong at {@code
   * validEnd}, and {@code validAfter} whether a valid record follows it (so it is not a torn tail).
   */
  record Scan(long validEnd, long lastSeq, String problem, boolean validAfter) {}

  /**
   * Scans a segment's bytes, passing each valid record in order to {@code visitor}.
   *
   * @param expectedFirst the sequence number the segment must start at
   */
  static Scan scan(byte[] b, long expectedFirst, Consumer<RatingEvent> visitor) {
    long last = expectedFirst - 1;
    if (b.length < HEADER_BYTES) {
      return new Scan(0, last, "segment header is torn (" + b.length + " bytes)", false);
    }
    ByteBuffer h = ByteBuffer.wrap(b, 0, HEADER_BYTES);
    int magic = h.getInt(), version = h.getInt();
    long first = h.getLong();
    if (magic != MAGIC || version != VERSION) {
      return new Scan(
          0,
          last,
          String.format(
              "not a version-%d event segment (magic %08x, version %d)", VERSION, magic, version),
          true);
    }
    if (first != expectedFirst) {
      return new Scan(
          0,
          last,
          "segment starts at seq " + first + ", expected " + expectedFirst + " (one is missing?)",
          true);
    }
    int pos = HEADER_BYTES;
    String problem = null;
    while (pos < b.length) {
      if (b.length - pos < RECORD_HEADER_BYTES) {
        problem = "record header is torn (" + (b.length - pos) + " bytes)";
        break;
      }
      ByteBuffer r = ByteBuffer.wrap(b, pos, RECORD_HEADER_BYTES);
      int len = r.getInt(), crc = r.getInt();
      if (len < MIN_PAYLOAD || len > MAX_PAYLOAD) {
        problem = "implausible record length " + len;
        break;
      }
      if ((long) pos + RECORD_HEADER_BYTES + len > b.length) {
        problem =
            "record of "
                + len
                + " bytes extends past the end of the file ("
                + (b.length - pos - RECORD_HEADER_BYTES)
                + " bytes left)";
        break;
      }
      if (crc(b, pos + RECORD_HEADER_BYTES, len) != crc) {
        problem = "record fails its CRC32C";
        break;
      }
      RatingEvent e;
      try {
        e = decode(ByteBuffer.wrap(b, pos + RECORD_HEADER_BYTES, len).slice());
      } catch (IllegalArgumentException | java.nio.BufferUnderflowException ex) {
        problem = "malformed record: " + ex.getMessage();
        break;
      }
      if (e.seq() != last + 1) {
        problem = "record has seq " + e.seq() + ", expected " + (last + 1);
        break;
      }
      visitor.accept(e);
      last = e.seq();
      pos += RECORD_HEADER_BYTES + len;
    }
    return new Scan(pos, last, problem, problem != null && validRecordAfter(b, pos + 1, last));
  }

  /**
   * True when some offset from {@code from} on holds a record with a good checksum and a sequence
   * number after {@code lastGood}: then the bad bytes before it are not a torn tail but corruption
   * of acknowledged data.
   */
  private static boolean validRecordAfter(byte[] b, int from, long lastGood) {
    for (int off = from; off + RECORD_HEADER_BYTES + MIN_PAYLOAD <= b.length; off++) {
      ByteBuffer r = ByteBuffer.wrap(b, off, RECORD_HEADER_BYTES + 8);
      int len = r.getInt(), crc = r.getInt();
      long seq = r.getLong();
      if (len >= MIN_PAYLOAD
          && len <= MAX_PAYLOAD
          && (long) off + RECORD_HEADER_BYTES + len <= b.length
          && seq > lastGood
          && seq <= lastGood + b.length
          && crc(b, off + RECORD_HEADER_BYTES, len) == crc) {
        return true;
      }
    }
    return false;
  }
}
