/** Retrieval from an OpenSearch cluster: the retriever, the loader and the alias poller. */
package dev.marquee.server.opensearch;
