package dev.marquee.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens a server accepts, read from a file of {@code name:sha256hex} lines (blank lines
 * and {@code #} comments skipped): only the SHA-256 of each token is stored, and a presented token
 * is hashed and compared with every entry in constant time ({@link MessageDigest#isEqual}), so
 * neither the file nor the timing gives a token away. {@link #reload()} re-reads the file; a bad
 * file leaves the tokens as they were.
 */
public final class AuthTokens {
  private static final Pattern LINE = Pattern.compile("([A-Za-z0-9._@-]{1,64}):([0-9a-f]{64})");

  private record Entry(String name, byte[] hash) {}

  private final Path file;
  private volatile List<Entry> entries;

  private AuthTokens(Path file, List<Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException when it cannot be read, or a line is not {@code name:sha256hex} (the
   *     message names the file and line), a name repeats, or there is no token at all
   */
  public static AuthTokens read(Path file) throws IOException {
    return new AuthTokens(file, parse(file));
  }

  private static List<Entry> parse(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      var m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IOException(
            file
                + ":"
                + (i + 1)
                + ": expected NAME:SHA256HEX (64 lowercase hex digits: printf %s TOKEN |"
                + " sha256sum)");
      }
      if (!names.add(m.group(1))) {
        throw new IOException(file + ":" + (i + 1) + ": token name " + m.group(1) + " repeats");
      }
      out.add(new Entry(m.group(1), HexFormat.of().parseHex(m.group(2))));
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": no tokens (lines of NAME:SHA256HEX)");
    }
    return List.copyOf(out);
  }

  /** Re-reads the file; returns the number of tokens now accepted. */
  public int reload() throws IOException {
    List<Entry> next = parse(file);
    entries = next;
    return next.size();
  }

  public Path file() {
    return file;
  }

  public int size() {
    return entries.size();
  }

  /** The name of the token {@code token}, or null when it is not one of ours. */
  public String authenticate(String token) {
    byte[] hash = sha256(token);
    String found = null;
    for (Entry e : entries) { // every entry, whatever matched: the time does not tell which
      if (MessageDigest.isEqual(hash, e.hash()) && found == null) {
        found = e.name();
      }
    }
    return found;
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("every JDK has SHA-256", ex);
    }
  }
}
