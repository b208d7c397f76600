/**
 * The gRPC server: retrieval (exact or Lucene HNSW) with exact rerank, cold start, explanations,
 * health, reflection and hot reload.
 */
package dev.marquee.server;
