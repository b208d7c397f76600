package dev.marquee.core.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The durable, append-only log of live ratings. An event is acknowledged (its {@link #append}
 * returns, its {@link #appendAsync} future completes) only once it is on disk: concurrent appenders
 * share one {@link FileChannel#force} (group commit).
 *
 * <p>Appends write at once under a lock and complete a future once durable: one thread forces the
 * file for everything written since its last force and completes the batch's futures.
 *
 * <p><b>Format.</b> A directory of segments named by the sequence number of their first event,
 * {@code 00000000000000000001.events} (20 digits). A segment is a 16-byte header (int magic {@code
 * 0x4D514556} "MQEV", int version 1, long first seq) followed by records, each an int payload
 * length, an int CRC32C of the payload, and the payload: long seq, long timestamp (Unix ms), long
 * user id, int request-id length, the request id's UTF-8 bytes, int rating count, and per rating a
 * long movie id and a float rating. Big-endian. Sequence numbers are dense: each record's is the
 * previous one's plus one, across segments. A segment is closed once it reaches the segment size
 * and a new one is started after a flush; so only the last segment can end in a partial record.
 *
 * <p><b>Recovery.</b> Opening scans every record. A bad record (short, failing its CRC, malformed,
 * out of sequence) at the end of the last segment with no valid record after it is a torn tail,
 * left by a crash in the middle of a write that was never acknowledged: it is reported with its
 * file and offset and truncated. A bad record with valid records after it, or in an earlier
 * segment, is corruption of acknowledged data: opening throws {@link CorruptEventLogException}
 * unless {@link Options#repair}, which moves everything from the bad record on aside (to {@code
 * *.corrupt} files) and reports the sequence numbers lost.
 */
public final class EventLog implements AutoCloseable {
  /** Longest request id, in UTF-8 bytes. */
  public static final int MAX_REQUEST_ID_BYTES = 255;

  /** Most ratings one event may carry. */
  public static final int MAX_RATINGS = 10_000;

  /** Default segment size. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  /**
   * @param segmentBytes size from which the current segment is closed and a new one started
   * @param repair on corruption before the tail, move the rest aside instead of refusing
   */
  public record Options(long segmentBytes, boolean repair) {
    public Options {
      if (segmentBytes < Segments.HEADER_BYTES + 64) {
        throw new IllegalArgumentException(
            "segment size must be >= " + (Segments.HEADER_BYTES + 64) + "; size=" + segmentBytes);
      }
    }

    public static Options defaults() {
      return new Options(DEFAULT_SEGMENT_BYTES, false);
    }
  }

  /** What the log tells its owner. All methods default to doing nothing. */
  public interface Listener {
    /** Each valid event found while opening, in sequence order. */
    default void replayed(RatingEvent e) {}

    /** A line for the operator (a torn tail truncated, a repair, a failed segment roll). */
    default void report(String line) {}
  }

  /** Opens files; tests substitute failing channels. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(Path path, OpenOption... options) throws IOException;
  }

  private final Path dir;
  private final Options options;
  private final Listener listener;
  private final Opener opener;

  /** An appended event and the future its appender waits on. */
  private record Pending(RatingEvent event, CompletableFuture<RatingEvent> done) {}

  private final ReentrantLock writeLock = new ReentrantLock();
  private final Condition hasWork = writeLock.newCondition();
  private FileChannel channel; // guarded by writeLock
  private Path segment; // guarded by writeLock
  private long written; // guarded by writeLock: last seq written to the channel
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // guarded by writeLock
  private boolean closed; // guarded by writeLock
  private IOException broken; // guarded by writeLock: a failed flush; no more writes
  private volatile long durableSeq;
  private Thread flusher;

  private EventLog(Path dir, Options options, Listener listener, Opener opener) {
    this.dir = dir;
    this.options = options;
    this.listener = listener;
    this.opener = opener;
  }

  /**
   * Opens (creating it when absent) the log in {@code dir} for appending, after recovering it as
   * the class comment says.
   *
   * @throws CorruptEventLogException on corruption before the tail without {@link Options#repair}
   */
  public static EventLog open(Path dir, Options options, Listener listener) throws IOException {
    return open(dir, options, listener, FileChannel::open);
  }

  static EventLog open(Path dir, Options options, Listener listener, Opener opener)
      throws IOException {
    Files.createDirectories(dir);
    EventLog log = new EventLog(dir, options, listener, opener);
    log.recover();
    log.flusher = new Thread(log::flushLoop, "marquee-event-flush");
    log.flusher.setDaemon(true);
    log.flusher.start();
    return log;
  }

  private void recover() throws IOException {
    List<Segments.SegmentFile> files = Segments.list(dir);
    long last = files.isEmpty() ? 0 : files.get(0).firstSeq() - 1;
    Segments.SegmentFile tail = null;
    long tailEnd = 0;
    for (int i = 0; i < files.size(); i++) {
      Segments.SegmentFile f = files.get(i);
      byte[] bytes = Files.readAllBytes(f.path());
      Segments.Scan s = Segments.scan(bytes, last + 1, listener::replayed);
      last = s.lastSeq();
      boolean isLast = i == files.size() - 1;
      if (s.problem() != null) {
        if (isLast && !s.validAfter()) {
          listener.report(
              "event log: torn tail in "
                  + f.path()
                  + " at offset "
                  + s.validEnd()
                  + ": "
                  + s.problem()
                  + "; truncated "
                  + (bytes.length - s.validEnd())
                  + " bytes (never acknowledged); last event seq "
                  + last);
        } else if (!options.repair()) {
          throw new CorruptEventLogException(
              f.path(),
              s.validEnd(),
              s.problem()
                  + (s.validAfter() ? "; valid records follow it" : "; later segments follow")
                  + ", so acknowledged events would be lost (last good seq "
                  + last
                  + "; --log-repair moves the rest aside)");
        } else {
          repair(f, bytes, s, files.subList(i + 1, files.size()), last);
        }
        if (s.validEnd() < Segments.HEADER_BYTES) {
          Files.delete(f.path()); // nothing valid in it, not even the header
        } else {
          try (FileChannel ch = opener.open(f.path(), StandardOpenOption.WRITE)) {
            ch.truncate(s.validEnd());
            ch.force(true);
          }
          tail = f;
          tailEnd = s.validEnd();
        }
        break;
      }
      tail = f;
      tailEnd = bytes.length;
    }
    written = last;
    durableSeq = last;
    if (tail == null) {
      startSegment(last + 1);
    } else {
      segment = tail.path();
      channel = opener.open(segment, StandardOpenOption.WRITE);
      channel.position(tailEnd);
    }
  }

  private void repair(
      Segments.SegmentFile f,
      byte[] bytes,
      Segments.Scan s,
      List<Segments.SegmentFile> later,
      long last)
      throws IOException {
    Path aside = f.path().resolveSibling(f.path().getFileName() + ".corrupt-" + s.validEnd());
    Files.write(aside, Arrays.copyOfRange(bytes, (int) s.validEnd(), bytes.length));
    for (Segments.SegmentFile g : later) {
      Files.move(
          g.path(),
          g.path().resolveSibling(g.path().getFileName() + ".corrupt"),
          StandardCopyOption.ATOMIC_MOVE);
    }
    listener.report(
        "event log: REPAIRED corruption in "
            + f.path()
            + " at offset "
            + s.validEnd()
            + ": "
            + s.problem()
            + "; events after seq "
            + last
            + " were moved aside to "
            + aside
            + (later.isEmpty()
                ? ""
                : " and " + later.size() + " later segment(s) renamed *.corrupt")
            + "; they are lost to the service");
  }

  /** Creates segment {@code firstSeq} with its header on disk and makes it current. */
  private void startSegment(long firstSeq) throws IOException {
    Path p = dir.resolve(Segments.name(firstSeq));
    FileChannel ch = opener.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      ByteBuffer h = Segments.header(firstSeq);
      while (h.hasRemaining()) {
        ch.write(h);
      }
      ch.force(true);
      syncDirectory();
    } catch (IOException ex) {
      ch.close();
      Files.deleteIfExists(p);
      throw ex;
    }
    FileChannel old = channel;
    channel = ch;
    segment = p;
    if (old != null) {
      old.close();
    }
  }

  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ex) {
      // Some platforms cannot open a directory; the segment's own force still holds its bytes.
    }
  }

  /** The directory of this log. */
  public Path dir() {
    return dir;
  }

  /** The sequence number of the last durable event (0 when the log is empty). */
  public long lastSeq() {
    return durableSeq;
  }

  /**
   * Appends one event and returns once it is durable, with its sequence number.
   *
   * @throws IOException when it could not be written or flushed: then it is not acknowledged
   */
  public RatingEvent append(String requestId, long userId, List<RatingEvent.MovieRating> ratings)
      throws IOException {
    try {
      return appendAsync(requestId, userId, ratings).join();
    } catch (CompletionException ex) {
      if (ex.getCause() instanceof IOException io) {
        throw io;
      }
      throw ex;
    }
  }

  /**
   * Writes one event now and returns a future completed once it is durable, so a caller's thread
   * need not wait for the disk. The future fails with an {@link IOException} when the event could
   * not be written or flushed: then it is not acknowledged. After a failed flush the log takes no
   * more writes until reopened, since the kernel may have dropped the unflushed pages.
   *
   * @throws IOException when the event could not be written (nothing of it is left in the log)
   */
  public CompletableFuture<RatingEvent> appendAsync(
      String requestId, long userId, List<RatingEvent.MovieRating> ratings) throws IOException {
    if (requestId.getBytes(StandardCharsets.UTF_8).length > MAX_REQUEST_ID_BYTES) {
      throw new IllegalArgumentException(
          "request id must be at most " + MAX_REQUEST_ID_BYTES + " bytes; requestId=" + requestId);
    }
    if (ratings.size() > MAX_RATINGS) {
      throw new IllegalArgumentException(
          "an event carries at most " + MAX_RATINGS + " ratings; ratings=" + ratings.size());
    }
    writeLock.lock();
    try {
      if (closed) {
        throw new IOException("event log " + dir + " is closed");
      }
      if (broken != null) {
        throw new IOException(
            "event log " + dir + " takes no writes after a failed flush: " + broken.getMessage(),
            broken);
      }
      RatingEvent e =
          new RatingEvent(written + 1, requestId, userId, ratings, System.currentTimeMillis());
      ByteBuffer buf = Segments.encode(e);
      long pos = channel.position();
      try {
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
      } catch (IOException ex) {
        undo(pos, ex);
        throw new IOException("cannot append to " + segment + ": " + ex.getMessage(), ex);
      }
      written = e.seq();
      CompletableFuture<RatingEvent> done = new CompletableFuture<>();
      pending.add(new Pending(e, done));
      hasWork.signal();
      return done;
    } finally {
      writeLock.unlock();
    }
  }

  /** Cuts a partly written record off again, so the segment stays a sequence of whole records. */
  private void undo(long pos, IOException cause) {
    try {
      channel.truncate(pos);
      channel.position(pos);
    } catch (IOException ex) {
      cause.addSuppressed(ex);
      broken = cause;
    }
  }

  /**
   * The flushing thread: one {@link FileChannel#force} for everything written since the last, then
   * the appenders' futures, in sequence order (group commit). Runs until closed and drained.
   */
  private void flushLoop() {
    while (true) {
      FileChannel ch;
      long target;
      writeLock.lock();
      try {
        while (pending.isEmpty() && !closed) {
          hasWork.awaitUninterruptibly();
        }
        if (pending.isEmpty()) {
          return;
        }
        ch = channel;
        target = written;
      } finally {
        writeLock.unlock();
      }
      List<Pending> batch = new ArrayList<>();
      try {
        ch.force(false);
        if (ch.size() >= options.segmentBytes()) {
          target = roll();
        }
      } catch (IOException ex) {
        writeLock.lock();
        try {
          broken = ex;
          batch.addAll(pending);
          pending.clear();
        } finally {
          writeLock.unlock();
        }
        listener.report("event log: flushing " + dir + " failed; no more writes: " + ex);
        for (Pending p : batch) {
          p.done()
              .completeExceptionally(
                  new IOException(
                      "event " + p.event().seq() + " is not durable: flushing failed: " + ex, ex));
        }
        continue;
      }
      writeLock.lock();
      try {
        while (!pending.isEmpty() && pending.peek().event().seq() <= target) {
          batch.add(pending.poll());
        }
      } finally {
        writeLock.unlock();
      }
      durableSeq = target;
      for (Pending p : batch) {
        p.done().complete(p.event());
      }
    }
  }

  /**
   * Closes the current segment (forced) and starts the next; when that fails the current one keeps
   * growing and the next flush tries again. Only the flushing thread calls this.
   */
  private long roll() throws IOException {
    writeLock.lock();
    try {
      channel.force(false);
      if (!closed) {
        try {
          startSegment(written + 1);
        } catch (IOException ex) {
          listener.report(
              "event log: cannot start segment "
                  + Segments.name(written + 1)
                  + " in "
                  + dir
                  + ", appending to "
                  + segment
                  + ": "
                  + ex.getMessage());
        }
      }
      return written;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Passes the durable events with sequence numbers in ({@code afterSeq}, {@code upTo}] ({@code
   * upTo} at most {@link #lastSeq()}) to {@code visitor} in order, read from the segment files.
   */
  public void read(long afterSeq, long upTo, Consumer<RatingEvent> visitor) throws IOException {
    upTo = Math.min(upTo, durableSeq);
    if (upTo > afterSeq) {
      scanRange(dir, afterSeq, upTo, visitor, line -> {});
    }
  }

  /**
   * Reads a log without opening it for writing (the trainer, a read-only server): passes every
   * event after {@code afterSeq} to {@code visitor}; a torn tail ends the read (reported), since a
   * writer may be in the middle of it.
   *
   * @return the last sequence number in the log (0 when empty or absent)
   * @throws CorruptEventLogException on corruption before the tail
   */
  public static long read(
      Path dir, long afterSeq, Consumer<RatingEvent> visitor, Consumer<String> report)
      throws IOException {
    return scanRange(dir, afterSeq, Long.MAX_VALUE, visitor, report);
  }

  private static long scanRange(
      Path dir, long afterSeq, long upTo, Consumer<RatingEvent> visitor, Consumer<String> report)
      throws IOException {
    List<Segments.SegmentFile> files = Segments.list(dir);
    long last = files.isEmpty() ? 0 : files.get(0).firstSeq() - 1;
    for (int i = 0; i < files.size() && last < upTo; i++) {
      Segments.SegmentFile f = files.get(i);
      if (i + 1 < files.size() && files.get(i + 1).firstSeq() <= afterSeq + 1) {
        last = files.get(i + 1).firstSeq() - 1; // every event in f is at or before afterSeq
        continue;
      }
      final long bound = upTo;
      Segments.Scan s =
          Segments.scan(
              Files.readAllBytes(f.path()),
              last + 1,
              e -> {
                if (e.seq() > afterSeq && e.seq() <= bound) {
                  visitor.accept(e);
                }
              });
      last = s.lastSeq();
      if (s.problem() != null && last < upTo) {
        if (i == files.size() - 1 && !s.validAfter() && upTo == Long.MAX_VALUE) {
          report.accept(
              "event log: read stops at a torn tail in "
                  + f.path()
                  + " at offset "
                  + s.validEnd()
                  + ": "
                  + s.problem());
          break;
        }
        throw new CorruptEventLogException(f.path(), s.validEnd(), s.problem());
      }
    }
    return Math.min(last, upTo);
  }

  /**
   * Flushes what was appended, then closes the current segment; later appends fail. Events already
   * acknowledged stay durable.
   */
  @Override
  public void close() throws IOException {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      hasWork.signal();
    } finally {
      writeLock.unlock();
    }
    try {
      flusher.join();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    writeLock.lock();
    try {
      channel.close();
    } finally {
      writeLock.unlock();
    }
  }
}
