package dev.marquee.indexer;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.indexer.opensearch.ClusterUnavailableException;
import java.util.Map;

/**
 * The exit codes of an index's failures, for every command line that opens an index (the indexer's
 * and the server's): a missing, corrupt or mismatched index is {@link ExitCode#INDEX}, an
 * unreachable OpenSearch cluster {@link ExitCode#BACKEND}.
 */
public final class IndexExitCodes {
  public static final Map<Class<? extends Throwable>, ExitCode> BY_TYPE =
      Map.of(
          IndexException.class,
          ExitCode.INDEX,
          ClusterUnavailableException.class,
          ExitCode.BACKEND);

  private IndexExitCodes() {}
}
