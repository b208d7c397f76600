/**
 * Lucene HNSW index of movie retrieval vectors [m ; c_m]: build, verify against exact search, read
 * (for the server).
 */
package dev.marquee.indexer;
