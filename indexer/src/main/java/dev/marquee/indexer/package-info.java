/** Lucene HNSW index of movie retrieval vectors [m ; b_m]: build, verify against exact search, read (for the server). */
package dev.marquee.indexer;
