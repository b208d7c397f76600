package dev.marquee.data;

/** The on-disk layouts {@link MovieLensReader} understands, detected from the files present. */
public enum DatasetFormat {
  /** {@code u.data}, {@code u.item}, {@code u.user}, {@code u.genre}, {@code u.occupation}. */
  ML_100K,
  /** {@code ratings.dat}, {@code movies.dat}, {@code users.dat} ({@code ::}-separated). */
  ML_1M,
  /** {@code ratings.csv}, {@code movies.csv} (ml-latest, ml-latest-small, ml-25m, ml-32m). */
  CSV
}
