package dev.marquee.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The process {@link AtomicDirectoryKillTest} kills: {@code loop TARGET FIRST FILES} publishes
 * versions FIRST, FIRST+1, ... of TARGET forever, printing each version once published; {@code hold
 * TARGET} starts a write, prints its temp directory and waits to be killed.
 */
public final class AtomicDirectoryChild {
  /** Bytes per file: enough that writing is a good share of a version's time. */
  static final int FILE_BYTES = 8 << 10;

  private AtomicDirectoryChild() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[1]);
    switch (args[0]) {
      case "loop" -> {
        int files = Integer.parseInt(args[3]);
        for (long v = Long.parseLong(args[2]); ; v++) {
          write(target, v, files);
          System.out.println(v);
          System.out.flush();
        }
      }
      case "hold" -> {
        AtomicDirectory out = AtomicDirectory.create(target);
        Files.writeString(out.dir().resolve("f00"), "partial");
        System.out.println(out.dir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      default -> throw new IllegalArgumentException("mode must be loop or hold; mode=" + args[0]);
    }
  }

  /**
   * Publishes version {@code v} of {@code target}: files f00.. each naming {@code v} and its own
   * index.
   */
  static void write(Path target, long v, int files) throws IOException {
    try (AtomicDirectory out = AtomicDirectory.create(target)) {
      for (int i = 0; i < files; i++) {
        String head = v + " " + i + "\n";
        Files.writeString(
            out.dir().resolve(name(i)), head + "x".repeat(FILE_BYTES - head.length()));
      }
      out.publish();
    }
  }

  /**
   * The version held by {@code target}, after checking it is complete: exactly {@code files} files,
   * each whole and naming the same version.
   */
  static long version(Path target, int files) throws IOException {
    List<String> names;
    try (Stream<Path> s = Files.list(target)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> want = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      want.add(name(i));
    }
    if (!names.equals(want)) {
      throw new AssertionError(target + " holds " + names + ", expected " + want);
    }
    long version = -1;
    for (int i = 0; i < files; i++) {
      String content = Files.readString(target.resolve(name(i)), StandardCharsets.UTF_8);
      String[] head = content.substring(0, content.indexOf('\n')).split(" ");
      if (content.length() != FILE_BYTES || Integer.parseInt(head[1]) != i) {
        throw new AssertionError(
            target.resolve(name(i))
                + " is incomplete or misplaced: "
                + content.length()
                + " bytes, head "
                + head[1]);
      }
      long v = Long.parseLong(head[0]);
      if (version >= 0 && v != version) {
        throw new AssertionError(target + " mixes versions " + version + " and " + v);
      }
      version = v;
    }
    return version;
  }

  private static String name(int i) {
    return String.format("f%02d", i);
  }
}
