package dev.marquee.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/server hash-token NAME}: the {@code --auth-tokens} line for a token read from standard
 * input (never from the command line, where {@code ps} would show it), or for a new random one.
 */
@Command(
    name = "hash-token",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the --auth-tokens line NAME:SHA256HEX for a token read from standard input",
      "(first line), or with --generate for a new random token, printed first.",
      "Same as: printf %s TOKEN | sha256sum"
    })
final class HashTokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "Who holds the token (letters, digits, . _ @ -).")
  String name;

  @Option(names = "--generate", description = "Make a random 256-bit token instead of reading one.")
  boolean generate;

  @Override
  public Integer call() throws Exception {
    String token;
    if (generate) {
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      spec.commandLine().getOut().println(token);
    } else {
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      token = in.readLine();
      if (token == null || token.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "no token on standard input (or give --generate)");
      }
    }
    try {
      spec.commandLine().getOut().println(AuthTokens.line(name, token));
    } catch (IllegalArgumentException ex) {
      throw new ParameterException(spec.commandLine(), ex.getMessage());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
