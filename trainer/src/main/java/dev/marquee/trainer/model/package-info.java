/**
 * The two-tower model on DJL/PyTorch: parameters, forward pass, fastai-style optimiser and
 * schedule, training loop.
 */
package dev.marquee.trainer.model;
