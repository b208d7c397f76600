/**
 * What the five launchers ({@code bin/data}, {@code bin/trainer}, {@code bin/indexer}, {@code
 * bin/server}, {@code bin/client}) share: one exit-code table, the exception-to-exit-code handler,
 * the common option mixins and the JSON writer. Picocli and Jackson only: no DJL, Lucene or gRPC
 * here.
 */
package dev.marquee.core.cli;
