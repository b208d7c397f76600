/**
 * Dataset fixtures other modules' tests share (data's test-jar): the shared ML-100K and synthetic
 * datasets.
 */
package dev.marquee.data.testing;
