/** The `client` command line and load generator for the Marquee gRPC API (marquee.v1). */
package dev.marquee.client;
