/** The subcommands of {@code bin/data} ({@link dev.marquee.data.DataCli}) and their error handling. */
package dev.marquee.data.cli;
