/**
 * MovieLens datasets for Marquee: readers, dense id maps, columnar ratings, splits, download and a
 * synthetic generator.
 */
package dev.marquee.data;
