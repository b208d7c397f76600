/**
 * Evaluation on exported float arrays with core's Scoring (exactly what the server computes):
 * rating and ranking metrics, baselines.
 */
package dev.marquee.trainer.eval;
