/**
 * Test fixtures the server's and the client's tests share (server's test-jar): the in-process gRPC
 * harness.
 */
package dev.marquee.server.testing;
