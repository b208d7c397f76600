/**
 * The {@code bin/data} command line ({@link dev.marquee.data.cli.DataCli}) over the library in
 * {@code dev.marquee.data}, which knows nothing of picocli.
 */
package dev.marquee.data.cli;
