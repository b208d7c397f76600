package dev.marquee.indexer.opensearch;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Where the cluster is and how to log in: one or more node URLs ({@code http://} or {@code
 * https://}, the latter checked against the JVM's trust store, so a managed cluster with a public
 * certificate needs nothing more), and optional basic-auth credentials.
 *
 * @param urls node URLs; requests go round-robin and move to the next node when one fails
 * @param user basic-auth user, or empty for none
 * @param password basic-auth password (with a user)
 * @param timeoutMillis connect and response timeout of one request
 */
public record ClusterConfig(List<URI> urls, String user, String password, long timeoutMillis) {
  public ClusterConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("--opensearch needs at least one URL; --opensearch=");
    }
    for (URI u : urls) {
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          || u.getHost() == null
          || u.getPort() < 0) {
        throw new IllegalArgumentException(
            "--opensearch URLs must look like http://host:9200 or https://host:443; --opensearch="
                + u);
      }
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeout must be >= 1 ms; timeout=" + timeoutMillis);
    }
  }

  /**
   * The cluster the shared flags name.
   *
   * @throws IllegalArgumentException naming a bad flag value
   */
  public static ClusterConfig of(dev.marquee.core.cli.OpenSearchOptions o) {
    if (o.urls().isEmpty()) {
      throw new IllegalArgumentException(
          "--opensearch URL[,URL...] is required with --backend opensearch");
    }
    List<URI> parsed = new java.util.ArrayList<>();
    for (String u : o.urls()) {
      try {
        parsed.add(URI.create(u.strip()));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("--opensearch has a malformed URL; --opensearch=" + u);
      }
    }
    return new ClusterConfig(parsed, o.user(), o.password(), o.timeoutMillis());
  }

  /** The URLs as one string, for messages. */
  public String describe() {
    return String.join(",", urls.stream().map(URI::toString).toList());
  }

  /**
   * A client over these nodes; the caller closes it with {@code client._transport().close()}.
   * Nothing is sent yet.
   */
  public OpenSearchClient connect() {
    HttpHost[] hosts =
        urls.stream()
            .map(u -> new HttpHost(u.getScheme(), u.getHost(), u.getPort()))
            .toArray(HttpHost[]::new);
    ApacheHttpClient5TransportBuilder b =
        ApacheHttpClient5TransportBuilder.builder(hosts)
            .setMapper(new JacksonJsonpMapper())
            .setConnectionConfigCallback(
                c -> c.setConnectTimeout(Timeout.of(timeoutMillis, TimeUnit.MILLISECONDS)))
            .setRequestConfigCallback(
                r -> r.setResponseTimeout(Timeout.of(timeoutMillis, TimeUnit.MILLISECONDS)));
    if (!user.isEmpty()) {
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      for (HttpHost h : hosts) {
        credentials.setCredentials(
            new AuthScope(h), new UsernamePasswordCredentials(user, password.toCharArray()));
      }
      b.setHttpClientConfigCallback(c -> c.setDefaultCredentialsProvider(credentials));
    }
    return new OpenSearchClient(b.build());
  }
}
