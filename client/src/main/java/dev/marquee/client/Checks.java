package dev.marquee.client;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Early checks of command-line values; a failure is a usage error (exit 2) naming flag and value.
 */
final class Checks {
  static final int MAX_K = 1000;

  private Checks() {}

  static int k(CommandSpec spec, int k) {
    if (k < 1 || k > MAX_K) {
      throw new ParameterException(spec.commandLine(), "--k must be in [1, " + MAX_K + "]; k=" + k);
    }
    return k;
  }

  static long id(CommandSpec spec, String flag, long id) {
    if (id < 1) {
      throw new ParameterException(
          spec.commandLine(), flag + " must be a positive id; " + flag + "=" + id);
    }
    return id;
  }
}
