package dev.marquee.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON writer of the launchers' {@code --json} output and metrics files: indented, record
 * components and bean properties in snake_case (so {@code modelId} is {@code "model_id"}, as in the
 * proto), map keys and order as the map has them. A type whose JSON predates the convention keeps
 * its names with {@code @JsonNaming}.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private Json() {}

  /** {@code value} as an indented JSON document, without a final newline. */
  public static String pretty(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException ex) {
      // Only values of our own types are written: one that Jackson cannot serialize is a bug.
      throw new IllegalStateException(
          "cannot write a " + value.getClass().getName() + " as JSON: " + ex.getMessage(), ex);
    }
  }

  /**
   * Writes {@link #pretty(Object) pretty(value)} to {@code file}, creating its parent directories.
   */
  public static void write(Path file, Object value) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MAPPER.writeValue(file.toFile(), value);
  }
}
