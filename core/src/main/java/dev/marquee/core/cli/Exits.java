package dev.marquee.core.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exit codes a command (or an option mixin, for the commands that use it) can return besides
 * {@link ExitCode#OK}, {@link ExitCode#INTERNAL} and {@link ExitCode#USAGE}, which every command
 * can. The {@link ErrorHandler} turns them into the command's "Exit codes:" help section.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Exits {
  ExitCode[] value();
}
