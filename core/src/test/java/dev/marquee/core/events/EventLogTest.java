package dev.marquee.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.events.RatingEvent.MovieRating;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
  @TempDir Path dir;

  /** Collects what a log reports. */
  static final class Recorder implements EventLog.Listener {
    final List<RatingEvent> replayed = new ArrayList<>();
    final List<String> reports = new ArrayList<>();

    @Override
    public void replayed(RatingEvent e) {
      replayed.add(e);
    }

    @Override
    public void report(String line) {
      reports.add(line);
    }
  }

  private static List<MovieRating> ratings(long movie, float r) {
    return List.of(new MovieRating(movie, r), new MovieRating(movie + 1, 3.5f));
  }

  private EventLog open(Recorder r) throws IOException {
    return EventLog.open(dir, EventLog.Options.defaults(), r);
  }

  private List<RatingEvent> readAll() throws IOException {
    List<RatingEvent> out = new ArrayList<>();
    EventLog.read(dir, 0, out::add, line -> {});
    return out;
  }

  private Path onlySegment() throws IOException {
    List<Segments.SegmentFile> files = Segments.list(dir);
    assertEquals(1, files.size(), files.toString());
    return files.get(0).path();
  }

  @Test
  void appendsAreDenseDurableAndSurviveReopening() throws IOException {
    List<RatingEvent> appended = new ArrayList<>();
    try (EventLog log = open(new Recorder())) {
      for (int i = 0; i < 5; i++) {
        RatingEvent e = log.append("req-" + i, 42, ratings(50 + i, 5f));
        assertEquals(i + 1, e.seq());
        assertEquals(i + 1, log.lastSeq());
        appended.add(e);
      }
    }
    Recorder again = new Recorder();
    try (EventLog log = open(again)) {
      assertEquals(5, log.lastSeq());
      assertEquals(appended, again.replayed);
      assertEquals(List.of(), again.reports);
      assertEquals(6, log.append("req-5", 7, ratings(1, 1f)).seq());
      List<RatingEvent> tail = new ArrayList<>();
      log.read(4, Long.MAX_VALUE, tail::add);
      assertEquals(List.of(5L, 6L), tail.stream().map(RatingEvent::seq).toList());
    }
    RatingEvent first = readAll().get(0);
    assertEquals("req-0", first.requestId());
    assertEquals(42, first.userId());
    assertEquals(ratings(50, 5f), first.ratings());
  }

  @Test
  void concurrentAppendersGetUniqueDenseSequenceNumbers() throws Exception {
    Recorder r = new Recorder();
    int threads = 8, each = 100;
    try (EventLog log = EventLog.open(dir, new EventLog.Options(4096, false), r)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  List<Long> seqs = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    seqs.add(log.append(id + "-" + i, id, ratings(i, 4f)).seq());
                  }
                  return seqs;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get());
      }
      pool.shutdown();
      Collections.sort(all);
      for (int i = 0; i < all.size(); i++) {
        assertEquals(i + 1, all.get(i));
      }
      assertEquals(threads * each, log.lastSeq());
    }
    assertTrue(Segments.list(dir).size() > 1, "4 KiB segments rolled");
    assertEquals(threads * each, readAll().size());
  }

  @Test
  void segmentsRollAndReadsSkipWholeSegments() throws IOException {
    try (EventLog log = EventLog.open(dir, new EventLog.Options(200, false), new Recorder())) {
      for (int i = 0; i < 20; i++) {
        log.append("r" + i, i, ratings(i, 2f));
      }
      List<RatingEvent> after = new ArrayList<>();
      log.read(13, Long.MAX_VALUE, after::add);
      assertEquals(7, after.size());
      assertEquals(14, after.get(0).seq());
    }
    List<Segments.SegmentFile> files = Segments.list(dir);
    assertTrue(files.size() >= 5, files.toString());
    assertEquals(1, files.get(0).firstSeq());
    try (EventLog log = EventLog.open(dir, new EventLog.Options(200, false), new Recorder())) {
      assertEquals(20, log.lastSeq());
      assertEquals(21, log.append("r20", 1, ratings(1, 1f)).seq());
    }
    assertEquals(21, readAll().size());
  }

  @Test
  void aTornTailIsReportedWithItsOffsetAndTruncated() throws IOException {
    long fourEnd;
    try (EventLog log = open(new Recorder())) {
      for (int i = 0; i < 4; i++) {
        log.append("r" + i, 1, ratings(i, 5f));
      }
      fourEnd = Files.size(onlySegment());
      log.append("r4", 1, ratings(9, 5f));
    }
    Path seg = onlySegment();
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(f.length() - 3); // the crash cut the fifth record short
    }
    // A reader (the trainer) stops at the tail and leaves the file alone.
    List<String> readerReports = new ArrayList<>();
    assertEquals(4, EventLog.read(dir, 0, e -> {}, readerReports::add));
    assertTrue(readerReports.get(0).contains("offset " + fourEnd), readerReports.toString());
    Recorder r = new Recorder();
    try (EventLog log = open(r)) {
      assertEquals(4, log.lastSeq());
      assertEquals(1, r.reports.size());
      String report = r.reports.get(0);
      assertTrue(
          report.contains(seg.toString()) && report.contains("at offset " + fourEnd), report);
      assertEquals(fourEnd, Files.size(seg));
      assertEquals(5, log.append("r4 again", 1, ratings(9, 5f)).seq());
    }
    assertEquals(5, readAll().size());
  }

  @Test
  void zerosAfterTheLastRecordAreATornTail() throws IOException {
    try (EventLog log = open(new Recorder())) {
      log.append("a", 1, ratings(1, 5f));
    }
    Path seg = onlySegment();
    long end = Files.size(seg);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(end + 4096); // preallocated, never written
    }
    Recorder r = new Recorder();
    try (EventLog log = open(r)) {
      assertEquals(1, log.lastSeq());
      assertTrue(r.reports.get(0).contains("offset " + end), r.reports.toString());
    }
    assertEquals(end, Files.size(seg));
  }

  @Test
  void corruptionBeforeTheTailRefusesUnlessRepaired() throws IOException {
    long secondAt;
    try (EventLog log = open(new Recorder())) {
      log.append("a", 1, ratings(1, 5f));
      secondAt = Files.size(onlySegment());
      for (int i = 0; i < 3; i++) {
        log.append("b" + i, 1, ratings(2, 4f));
      }
    }
    Path seg = onlySegment();
    flipByte(seg, secondAt + 30);
    CorruptEventLogException ex =
        assertThrows(CorruptEventLogException.class, () -> open(new Recorder()));
    assertEquals(seg, ex.file());
    assertEquals(secondAt, ex.offset());
    assertTrue(ex.getMessage().contains("offset " + secondAt), ex.getMessage());
    assertThrows(CorruptEventLogException.class, this::readAll);

    Recorder r = new Recorder();
    try (EventLog log = EventLog.open(dir, new EventLog.Options(1 << 20, true), r)) {
      assertEquals(1, log.lastSeq());
      assertTrue(r.reports.get(0).contains("REPAIRED"), r.reports.toString());
      assertEquals(2, log.append("c", 1, ratings(3, 1f)).seq());
    }
    assertTrue(Files.exists(seg.resolveSibling(seg.getFileName() + ".corrupt-" + secondAt)));
    assertEquals(2, readAll().size());
  }

  @Test
  void aBadRecordInAnEarlierSegmentIsCorruption() throws IOException {
    try (EventLog log = EventLog.open(dir, new EventLog.Options(200, false), new Recorder())) {
      for (int i = 0; i < 10; i++) {
        log.append("r" + i, i, ratings(i, 2f));
      }
    }
    Path first = Segments.list(dir).get(0).path();
    long size = Files.size(first);
    try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
      f.setLength(size - 1); // a cut at the end of a closed segment is not a tail
    }
    CorruptEventLogException ex =
        assertThrows(CorruptEventLogException.class, () -> open(new Recorder()));
    assertEquals(first, ex.file());
    assertTrue(ex.getMessage().contains("later segments follow"), ex.getMessage());
  }

  @Test
  void aMissingSegmentIsCorruption() throws IOException {
    try (EventLog log = EventLog.open(dir, new EventLog.Options(200, false), new Recorder())) {
      for (int i = 0; i < 10; i++) {
        log.append("r" + i, i, ratings(i, 2f));
      }
    }
    List<Segments.SegmentFile> files = Segments.list(dir);
    Files.delete(files.get(1).path());
    CorruptEventLogException ex =
        assertThrows(CorruptEventLogException.class, () -> open(new Recorder()));
    assertEquals(files.get(2).path(), ex.file());
  }

  @Test
  void aFullDiskFailsTheAppendAndLeavesNoPartialRecord() throws IOException {
    AtomicLong free = new AtomicLong(Long.MAX_VALUE);
    EventLog.Opener opener = (p, o) -> new FailingChannel(FileChannel.open(p, o), free);
    try (EventLog log = EventLog.open(dir, EventLog.Options.defaults(), new Recorder(), opener)) {
      log.append("a", 1, ratings(1, 5f));
      free.set(10);
      IOException ex = assertThrows(IOException.class, () -> log.append("b", 1, ratings(2, 5f)));
      assertTrue(ex.getMessage().contains("No space left on device"), ex.getMessage());
      assertEquals(1, log.lastSeq());
      free.set(Long.MAX_VALUE); // space freed: the next append takes the next number
      assertEquals(2, log.append("c", 1, ratings(3, 5f)).seq());
    }
    Recorder r = new Recorder();
    try (EventLog log = open(r)) {
      assertEquals(List.of(), r.reports, "no torn record was left behind");
      assertEquals(List.of("a", "c"), r.replayed.stream().map(RatingEvent::requestId).toList());
    }
  }

  private static void flipByte(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5a);
    }
  }
}
