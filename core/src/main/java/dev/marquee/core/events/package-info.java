/** The live-ratings event log: durable, checksummed, segmented, with dense sequence numbers. */
package dev.marquee.core.events;
