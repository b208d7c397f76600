package dev.marquee.server;

import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bin/server}'s overload answer: {@code --max-concurrent-calls}. */
public final class LimitsOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--max-concurrent-calls",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Calls running at once at most; one more is answered RESOURCE_EXHAUSTED at once (health is never refused; 0: no limit). Default: ${DEFAULT-VALUE}.")
  int maxConcurrentCalls;

  /** The limit's interceptor, or none without a limit. */
  public List<ServerInterceptor> interceptors() {
    if (maxConcurrentCalls < 0) {
      throw new ParameterException(
          mixee.commandLine(),
          "--max-concurrent-calls must be >= 0; --max-concurrent-calls=" + maxConcurrentCalls);
    }
    return maxConcurrentCalls == 0
        ? List.of()
        : List.of(
            new ConcurrencyLimitInterceptor(maxConcurrentCalls, Set.of(HealthGrpc.SERVICE_NAME)));
  }
}
