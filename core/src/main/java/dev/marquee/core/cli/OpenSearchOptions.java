package dev.marquee.core.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags that name an OpenSearch cluster and the index alias, shared by {@code indexer build
 * --backend opensearch} and {@code server --backend opensearch}; the indexer's {@code
 * ClusterConfig} checks and uses them. The password comes only from the environment ({@code
 * MARQUEE_OPENSEARCH_PASSWORD}), so it never shows in a process list.
 */
public final class OpenSearchOptions {
  @Option(
      names = "--opensearch",
      split = ",",
      paramLabel = "URL",
      defaultValue = "${env:MARQUEE_OPENSEARCH_URLS}",
      description =
          "OpenSearch node URLs, comma-separated (http://127.0.0.1:9200; https:// checks the JVM's trust store). Default: $MARQUEE_OPENSEARCH_URLS.")
  List<String> urls = new ArrayList<>();

  @Option(
      names = "--index-name",
      paramLabel = "NAME",
      defaultValue = "${env:MARQUEE_OPENSEARCH_INDEX:-marquee-movies}",
      description = "The OpenSearch alias that names the served index. Default: ${DEFAULT-VALUE}.")
  String indexName;

  @Option(
      names = "--opensearch-user",
      paramLabel = "USER",
      defaultValue = "${env:MARQUEE_OPENSEARCH_USER:-}",
      description =
          "Basic-auth user (the password is read from $MARQUEE_OPENSEARCH_PASSWORD). Default: $MARQUEE_OPENSEARCH_USER.")
  String user;

  @Option(
      names = "--opensearch-timeout-ms",
      defaultValue = "30000",
      description =
          "Connect and response timeout of one OpenSearch request (a search also ends at its call's deadline). Default: ${DEFAULT-VALUE}.")
  long timeoutMillis;

  /** The node URLs as given (possibly empty). */
  public List<String> urls() {
    return urls == null ? List.of() : List.copyOf(urls);
  }

  /** The alias, unchecked. */
  public String indexName() {
    return indexName;
  }

  /** The basic-auth user, or empty. */
  public String user() {
    return user == null ? "" : user;
  }

  /** The basic-auth password from {@code MARQUEE_OPENSEARCH_PASSWORD}, or empty. */
  public String password() {
    String p = System.getenv("MARQUEE_OPENSEARCH_PASSWORD");
    return p == null ? "" : p;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }
}
