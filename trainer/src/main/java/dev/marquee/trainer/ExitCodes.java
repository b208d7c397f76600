package dev.marquee.trainer;

/** The trainer's exit codes. */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;
  /** Unexpected failure (a bug or the environment). */
  static final int SOFTWARE = 1;
  /** Bad flag or flag value (picocli's default for usage errors). */
  static final int USAGE = 2;
  /** The dataset is missing or malformed. */
  static final int DATA = 3;
  /** The model artifact is missing, corrupt or incompatible. */
  static final int MODEL = 4;
  /** Could not write an output file. */
  static final int IO = 5;
}
