/**
 * The {@code bin/indexer} command line ({@link dev.marquee.indexer.cli.IndexerCli}): build, verify,
 * info and synth-model over the library in {@code dev.marquee.indexer}, which knows nothing of
 * picocli.
 */
package dev.marquee.indexer.cli;
