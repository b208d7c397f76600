package dev.marquee.core;

import java.util.List;

/**
 * The genre names of MovieLens, one list for the dataset reader and the synthetic generators of data and
 * indexer, so that synthetic movies carry the genres real ones do.
 */
public final class Genres {
  /**
   * The 18 named genres in the datasets' order (ML-1M's README; ML-100K's {@code u.genre} lists the same
   * after its "unknown").
   */
  public static final List<String> MOVIELENS = List.of(
      "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
      "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
      "War", "Western");

  private Genres() {}
}
