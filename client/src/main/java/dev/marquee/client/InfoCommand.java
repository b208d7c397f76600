package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code client info}: the served model and index (GetModelInfo). */
@Command(
    name = "info",
    description = "The served model: id, dataset, counts, metrics and index parameters.")
final class InfoCommand implements Callable<Integer> {
  @Mixin ConnectionOptions conn;

  @Override
  public Integer call() throws Exception {
    return conn.run(
        channel -> {
          var view = Views.Info.of(new RecommenderClient(channel, conn.deadline).modelInfo());
          conn.print(view, TextOutput::info);
          return ExitCode.OK.code();
        });
  }
}
