package dev.marquee.core.cli;

import dev.marquee.core.ArtifactException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How a launcher fails: one {@code error: <message>} line on stderr, no stack trace, and the {@link
 * ExitCode} of the exception's type. Picocli's own usage errors keep their message and usage help
 * and exit with {@link ExitCode#USAGE}.
 *
 * <p>Every launcher maps {@link ParameterException} to USAGE, {@link ArtifactException} to MODEL
 * and any other {@link IOException} to IO; a {@link CommandException} carries its code; the rest is
 * INTERNAL (a bug), printed with its exception's name. A launcher names this class, or a subclass
 * with a no-arg constructor that adds its module's types, as its root command's {@code
 * modelTransformer}; picocli then installs it while building the {@link CommandLine}, so {@code new
 * CommandLine(new XCli()).execute(args)} (main and the tests) needs no set-up:
 *
 * <pre>{@code
 * @Command(name = "data", modelTransformer = DataCli.Errors.class, ...)
 * public final class DataCli {
 *   static final class Errors extends ErrorHandler {
 *     Errors() {
 *       super(Map.of(DataFormatException.class, ExitCode.DATA, DownloadException.class, ExitCode.DOWNLOAD));
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>A launcher whose work is all in its subcommands is not itself {@code Callable}: picocli then
 * answers a bare invocation with "Missing required subcommand" and the usage, which this handler
 * exits with USAGE.
 *
 * <p>While installing, it also writes each command's "Exit codes:" help section from the table: OK,
 * INTERNAL and USAGE, the codes declared with {@link Exits} on the command and its mixins, and for
 * a parent the codes of its subcommands.
 */
public class ErrorHandler
    implements IModelTransformer, IExecutionExceptionHandler, IExitCodeExceptionMapper {
  private static final Map<Class<? extends Throwable>, ExitCode> SHARED =
      Map.of(
          ParameterException.class, ExitCode.USAGE,
          ArtifactException.class, ExitCode.MODEL,
          IOException.class, ExitCode.IO);

  private final Map<Class<? extends Throwable>, ExitCode> byType;

  /** The shared mapping alone, for a launcher with no exception types of its own. */
  public ErrorHandler() {
    this(Map.of());
  }

  /** The shared mapping plus {@code byType}; a type's nearest mapped superclass decides. */
  public ErrorHandler(Map<Class<? extends Throwable>, ExitCode> byType) {
    Map<Class<? extends Throwable>, ExitCode> all = new HashMap<>(SHARED);
    all.putAll(byType);
    this.byType = Map.copyOf(all);
  }

  @Override
  public int getExitCode(Throwable exception) {
    return exitCode(unwrap(exception)).code();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    Throwable t = unwrap(ex);
    cmd.getErr().println("error: " + message(t));
    cmd.getErr().flush();
    return exitCode(t).code();
  }

  /**
   * Installs this handler on the root command line and writes every command's exit-code help
   * section.
   */
  @Override
  public CommandSpec transform(CommandSpec spec) {
    if (spec.parent() == null && spec.commandLine() != null) {
      spec.commandLine().setExecutionExceptionHandler(this).setExitCodeExceptionMapper(this);
      listExitCodes(spec);
    }
    return spec;
  }

  private ExitCode exitCode(Throwable t) {
    if (t instanceof CommandException c) {
      return c.exitCode();
    }
    Class<?> type = mappedType(t);
    return type == null ? ExitCode.INTERNAL : byType.get(type);
  }

  /** The nearest superclass of {@code t}'s type (itself included) that has a code, or null. */
  private Class<?> mappedType(Throwable t) {
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      if (byType.containsKey(c)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The message on one line. Exceptions of a mapped type are written to be read as they are;
   * anything else (a bug, or an I/O exception from the JDK such as {@code NoSuchFileException: /x})
   * also names its type.
   */
  private String message(Throwable t) {
    String m = t.getMessage() == null || t.getMessage().isBlank() ? "" : t.getMessage().strip();
    Class<?> type = t instanceof CommandException ? CommandException.class : mappedType(t);
    if (m.isEmpty() || type == null || type == IOException.class) {
      m = t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }
    return m.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }

  /** The I/O exception inside an {@link UncheckedIOException} (streams and lambdas wrap them). */
  private static Throwable unwrap(Throwable t) {
    return t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
  }

  private static Set<ExitCode> listExitCodes(CommandSpec spec) {
    Set<ExitCode> codes = EnumSet.of(ExitCode.OK, ExitCode.INTERNAL, ExitCode.USAGE);
    addDeclared(spec, codes);
    for (CommandLine sub : spec.subcommands().values()) {
      codes.addAll(listExitCodes(sub.getCommandSpec()));
    }
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode c : codes) {
      list.put(String.format("%2d", c.code()), c.meaning());
    }
    spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
    return codes;
  }

  private static void addDeclared(CommandSpec spec, Set<ExitCode> codes) {
    Exits exits =
        spec.userObject() == null ? null : spec.userObject().getClass().getAnnotation(Exits.class);
    if (exits != null) {
      codes.addAll(Set.of(exits.value()));
    }
    for (CommandSpec mixin : spec.mixins().values()) {
      addDeclared(mixin, codes);
    }
  }
}
