package dev.marquee.trainer.model;

/**
 * fastai's {@code fit_one_cycle} schedule: over the first {@code pctStart} of the steps the
 * learning rate rises on a cosine from lr/25 to lr while momentum (Adam's beta1) falls from 0.95 to
 * 0.85; then the rate anneals on a cosine to lr/1e5 while momentum climbs back to 0.95.
 */
public record OneCycle(
    float lrMax,
    long totalSteps,
    double pctStart,
    double divStart,
    double divFinal,
    float momHigh,
    float momLow) {

  public static OneCycle fastai(float lrMax, long totalSteps) {
    return new OneCycle(lrMax, totalSteps, 0.25, 25, 1e5, 0.95f, 0.85f);
  }

  /** Learning rate at step (0-based). */
  public float lr(long step) {
    double p = position(step);
    double warm = pctStart;
    if (p < warm) {
      return (float) cos(lrMax / divStart, lrMax, p / warm);
    }
    return (float) cos(lrMax, lrMax / divFinal, (p - warm) / (1 - warm));
  }

  /** Momentum (beta1) at step (0-based). */
  public float momentum(long step) {
    double p = position(step);
    if (p < pctStart) {
      return (float) cos(momHigh, momLow, p / pctStart);
    }
    return (float) cos(momLow, momHigh, (p - pctStart) / (1 - pctStart));
  }

  private double position(long step) {
    return totalSteps <= 1 ? 0 : Math.min(1.0, (double) step / totalSteps);
  }

  /** fastai's SchedCos: start + (1 + cos(pi * (1 - pos))) * (end - start) / 2. */
  static double cos(double start, double end, double pos) {
    return start + (1 + StrictMath.cos(Math.PI * (1 - pos))) * (end - start) / 2;
  }
}
