/**
 * Test fixtures every module's tests share (core's test-jar): running a command line and capturing
 * what it printed, where the shared MovieLens copy is, directory listings.
 */
package dev.marquee.core.testing;
