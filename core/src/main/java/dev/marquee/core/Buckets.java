package dev.marquee.core;

import java.util.List;

/**
 * Bucketing of numeric side features into vocabulary entries. Trainer and server must bucket
 * identically, so it lives here; the vocabularies are also written into each artifact's manifest.
 */
public final class Buckets {
  private Buckets() {}

  /** The vocabulary entry for unknown or missing values, present in every feature table. */
  public static final String UNKNOWN = "unknown";

  /** MovieLens 1M's age groups, used for every dataset. */
  public static final List<String> AGE =
      List.of(UNKNOWN, "<18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+");

  /** Release-year buckets: decades from the 1930s, everything earlier in one bucket. */
  public static final List<String> YEAR =
      List.of(
          UNKNOWN, "<1930", "1930s", "1940s", "1950s", "1960s", "1970s", "1980s", "1990s", "2000s",
          "2010s", "2020s");

  /** The age bucket of an age in years; 0 or negative is unknown. */
  public static String age(int age) {
    if (age <= 0) {
      return UNKNOWN;
    } else if (age < 18) {
      return "<18";
    } else if (age < 25) {
      return "18-24";
    } else if (age < 35) {
      return "25-34";
    } else if (age < 45) {
      return "35-44";
    } else if (age < 50) {
      return "45-49";
    } else if (age < 56) {
      return "50-55";
    }
    return "56+";
  }

  /** The year bucket of a release year; 0 or negative is unknown. */
  public static String year(int year) {
    if (year <= 0) {
      return UNKNOWN;
    } else if (year < 1930) {
      return "<1930";
    } else if (year >= 2020) {
      return "2020s";
    }
    return (year / 10 * 10) + "s";
  }
}
