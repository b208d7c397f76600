package dev.marquee.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reader and writer of the <a
 * href="https://github.com/huggingface/safetensors">safetensors</a> format for the dtypes Marquee
 * uses (F32, I32, I64).
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the end of
 * the header) plus an optional {@code "__metadata__"} string map, then the little-endian tensor
 * bytes. The header is padded with spaces to a multiple of 8 bytes. Files are read whole with a
 * memory map; every offset and size is checked against the file before use.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  /** One tensor: name, dtype ("F32", "I32", "I64"), shape and little-endian bytes. */
  public record Tensor(String name, String dtype, long[] shape, ByteBuffer data) {
    /** Number of elements. */
    public long elements() {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      return n;
    }

    /** The elements as floats (dtype F32). */
    public float[] floats() {
      expect("F32");
      float[] out = new float[Math.toIntExact(elements())];
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }

    /** A rank-2 F32 tensor as rows. */
    public float[][] matrix() {
      if (shape.length != 2) {
        throw new IllegalStateException(
            "tensor " + name + " has shape " + Arrays.toString(shape) + ", expected rank 2");
      }
      expect("F32");
      int rows = Math.toIntExact(shape[0]), cols = Math.toIntExact(shape[1]);
      var fb = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      float[][] out = new float[rows][cols];
      for (float[] row : out) {
        fb.get(row);
      }
      return out;
    }

    /** The elements as ints (dtype I32). */
    public int[] ints() {
      expect("I32");
      int[] out = new int[Math.toIntExact(elements())];
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
      return out;
    }

    /** The elements as longs (dtype I64). */
    public long[] longs() {
      expect("I64");
      long[] out = new long[Math.toIntExact(elements())];
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
      return out;
    }

    private void expect(String want) {
      if (!dtype.equals(want)) {
        throw new IllegalStateException(
            "tensor " + name + " has dtype " + dtype + ", expected " + want);
      }
    }
  }

  /** Collects tensors in insertion order, then writes them in one pass. */
  public static final class Writer {
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public Writer metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    public Writer f32(String name, float[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      return add(name, "F32", shape, b, values.length);
    }

    /** Rows of equal length as a rank-2 F32 tensor; zero rows need {@code cols}. */
    public Writer f32(String name, float[][] rows, int cols) {
      ByteBuffer b = ByteBuffer.allocate(rows.length * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
      var fb = b.asFloatBuffer();
      for (float[] row : rows) {
        if (row.length != cols) {
          throw new IllegalArgumentException(
              "tensor " + name + ": row of length " + row.length + ", expected " + cols);
        }
        fb.put(row);
      }
      return add(name, "F32", new long[] {rows.length, cols}, b, (long) rows.length * cols);
    }

    public Writer i32(String name, int[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asIntBuffer().put(values);
      return add(name, "I32", new long[] {values.length}, b, values.length);
    }

    public Writer i64(String name, long[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().put(values);
      return add(name, "I64", new long[] {values.length}, b, values.length);
    }

    private Writer add(String name, String dtype, long[] shape, ByteBuffer data, long elements) {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      if (n != elements) {
        throw new IllegalArgumentException(
            "tensor "
                + name
                + ": shape "
                + Arrays.toString(shape)
                + " does not hold "
                + elements
                + " values");
      }
      if (tensors.putIfAbsent(name, new Tensor(name, dtype, shape.clone(), data)) != null) {
        throw new IllegalArgumentException("duplicate tensor " + name);
      }
      return this;
    }

    /** Writes the file (the caller handles temp-then-rename for the directory). */
    public void write(Path file) throws IOException {
      ObjectNode header = JSON.createObjectNode();
      if (!metadata.isEmpty()) {
        ObjectNode meta = header.putObject("__metadata__");
        metadata.forEach(meta::put);
      }
      long offset = 0;
      for (Tensor t : tensors.values()) {
        ObjectNode e = header.putObject(t.name());
        e.put("dtype", t.dtype());
        var shape = e.putArray("shape");
        for (long s : t.shape()) {
          shape.add(s);
        }
        long len = t.data().capacity();
        e.putArray("data_offsets").add(offset).add(offset + len);
        offset += len;
      }
      byte[] json = JSON.writeValueAsBytes(header);
      int padded = (json.length + 7) / 8 * 8;
      byte[] head = Arrays.copyOf(json, padded);
      Arrays.fill(head, json.length, padded, (byte) ' ');
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.write(len.array());
        out.write(head);
        for (Tensor t : tensors.values()) {
          out.write(t.data().array(), 0, t.data().capacity());
        }
      }
    }
  }

  /** The tensors of one file, by name, and its metadata. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** The named tensor; a missing one is a corrupt file. */
    public Tensor get(String name) throws ArtifactException {
      Tensor t = tensors.get(name);
      if (t == null) {
        throw new ArtifactException("tensor '" + name + "' is missing");
      }
      return t;
    }

    /** Names starting with a prefix, in file order. */
    public List<String> namesStartingWith(String prefix) {
      List<String> out = new ArrayList<>();
      for (String n : tensors.keySet()) {
        if (n.startsWith(prefix)) {
          out.add(n);
        }
      }
      return out;
    }
  }

  private SafeTensors() {}

  /**
   * Reads and validates a file. Any structural problem is an {@link ArtifactException} naming the
   * file.
   */
  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new ArtifactException(file + ": truncated (" + size + " bytes)");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
        throw new ArtifactException(
            file + ": bad header length " + headerLen + " for a file of " + size + " bytes");
      }
      ByteBuffer headBuf = ByteBuffer.allocate((int) headerLen);
      readFully(ch, headBuf, 8);
      JsonNode header;
      try {
        header = JSON.readTree(new String(headBuf.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ArtifactException(
            file + ": unreadable header: " + e.getMessage().lines().findFirst().orElse(""));
      }
      long dataStart = 8 + headerLen, dataLen = size - dataStart;
      ByteBuffer data =
          ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLen).order(ByteOrder.LITTLE_ENDIAN);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      Map<String, String> meta = new LinkedHashMap<>();
      for (var it = header.fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getKey().equals("__metadata__")) {
          e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        tensors.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), data, dataLen));
      }
      return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(meta));
    }
  }

  private static Tensor tensor(Path file, String name, JsonNode n, ByteBuffer data, long dataLen)
      throws ArtifactException {
    String dtype = n.path("dtype").asText();
    int width =
        switch (dtype) {
          case "F32", "I32" -> 4;
          case "I64" -> 8;
          default ->
              throw new ArtifactException(
                  file + ": tensor " + name + " has unsupported dtype '" + dtype + "'");
        };
    JsonNode shapeNode = n.path("shape"), off = n.path("data_offsets");
    if (!shapeNode.isArray() || !off.isArray() || off.size() != 2) {
      throw new ArtifactException(file + ": tensor " + name + " has a malformed header entry " + n);
    }
    long[] shape = new long[shapeNode.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong(-1);
      if (shape[i] < 0) {
        throw new ArtifactException(
            file + ": tensor " + name + " has a negative dimension " + shapeNode);
      }
      elements *= shape[i];
    }
    long begin = off.get(0).asLong(-1), end = off.get(1).asLong(-1);
    if (begin < 0 || end < begin || end > dataLen || end - begin != elements * width) {
      throw new ArtifactException(
          file
              + ": tensor "
              + name
              + " has offsets ["
              + begin
              + ", "
              + end
              + "] that do not fit shape "
              + Arrays.toString(shape)
              + " x "
              + width
              + " bytes in "
              + dataLen
              + " data bytes");
    }
    ByteBuffer slice = data.slice((int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
    return new Tensor(name, dtype, shape, slice);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }
}
