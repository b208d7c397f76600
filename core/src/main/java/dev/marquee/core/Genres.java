package dev.marquee.core;

import java.util.List;

/**
 * MovieLens's genres, defined once for every module that makes up movies (the synthetic datasets
 * and artifacts, test fixtures) or reads them (ML-1M's fixed list).
 */
public final class Genres {
  private Genres() {}

  /**
   * The 19 genres of ML-100K's {@code u.genre}, in its order (index = genre column of {@code
   * u.item}): {@link Buckets#UNKNOWN} first, then the 18 real ones alphabetically.
   */
  public static final List<String> MOVIELENS =
      List.of(
          Buckets.UNKNOWN,
          "Action",
          "Adventure",
          "Animation",
          "Children's",
          "Comedy",
          "Crime",
          "Documentary",
          "Drama",
          "Fantasy",
          "Film-Noir",
          "Horror",
          "Musical",
          "Mystery",
          "Romance",
          "Sci-Fi",
          "Thriller",
          "War",
          "Western");

  /**
   * The 18 real genres (ML-1M's list, in its README's order): {@link #MOVIELENS} without "unknown".
   */
  public static final List<String> REAL = MOVIELENS.subList(1, MOVIELENS.size());
}
