package dev.marquee.benchmarks;

import dev.marquee.indexer.MovieIndex;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What verifying an index's checksums costs: per round, the time of {@link
 * MovieIndex#verifyChecksums} alone and of a whole {@link MovieIndex#open} (which includes it). The
 * first round reads the files from disk unless they are already in the page cache.
 *
 * <pre>
 * benchmarks/run.sh IndexChecksumBench INDEX_DIR [ROUNDS]
 * </pre>
 */
public final class IndexChecksumBench {
  private IndexChecksumBench() {}

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  static void run(String[] args, PrintStream out) throws Exception {
    Path dir = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      MovieIndex.verifyChecksums(dir);
      long t1 = System.nanoTime();
      try (MovieIndex index = MovieIndex.open(dir)) {
        long t2 = System.nanoTime();
        out.printf(
            "round %d: checksums %.0f ms, open (checksums included) %.0f ms, %d movies%n",
            i + 1, (t1 - t0) / 1e6, (t2 - t1) / 1e6, index.size());
      }
    }
  }
}
