/** The movie index in an OpenSearch cluster: schema, connection, versioned build and alias swap. */
package dev.marquee.indexer.opensearch;
