/**
 * The {@code trainer} command line: train, evaluate and lr-find on MovieLens data, plots and the
 * model artifact.
 */
package dev.marquee.trainer;
