/** The web page and its HTTP/JSON API beside gRPC: {@code bin/server --http-port}. */
package dev.marquee.server.http;
