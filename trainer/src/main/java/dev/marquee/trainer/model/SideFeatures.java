package dev.marquee.trainer.model;

import dev.marquee.core.Buckets;
import java.util.ArrayList;
import java.util.List;

/**
 * Side features as vocabulary rows, index-aligned with the dense user and movie indices. Every
 * vocabulary starts with {@link Buckets#UNKNOWN}; values outside a vocabulary map to it, exactly as
 * core's {@code FeatureTable.row} does for the server.
 *
 * @param movieGenres per movie, the rows of its genres (possibly none)
 */
public record SideFeatures(
    List<String> ageVocab,
    List<String> genderVocab,
    List<String> occupationVocab,
    int[] userAge,
    int[] userGender,
    int[] userOccupation,
    List<String> genreVocab,
    List<String> yearVocab,
    int[][] movieGenres,
    int[] movieYear) {

  public SideFeatures {
    ageVocab = List.copyOf(ageVocab);
    genderVocab = List.copyOf(genderVocab);
    occupationVocab = List.copyOf(occupationVocab);
    genreVocab = List.copyOf(genreVocab);
    yearVocab = List.copyOf(yearVocab);
  }

  public int users() {
    return userAge.length;
  }

  public int movies() {
    return movieYear.length;
  }

  /**
   * Builds the rows from raw values.
   *
   * @param ages age in years per user (0 = unknown)
   * @param genders "M", "F", or empty per user
   * @param occupations occupation per user (empty = unknown)
   * @param genres genres per movie
   * @param years release year per movie (0 = unknown)
   */
  public static SideFeatures of(
      int[] ages, String[] genders, String[] occupations, List<List<String>> genres, int[] years) {
    List<String> genderVocab = vocab(List.of("F", "M"), genders);
    List<String> occVocab = vocab(List.of(), occupations);
    List<String> genreValues = new ArrayList<>();
    genres.forEach(genreValues::addAll);
    List<String> genreVocab = vocab(List.of(), genreValues.toArray(String[]::new));
    int n = ages.length;
    int[] age = new int[n], gender = new int[n], occ = new int[n];
    for (int u = 0; u < n; u++) {
      age[u] = row(Buckets.AGE, Buckets.age(ages[u]));
      gender[u] = row(genderVocab, genders[u]);
      occ[u] = row(occVocab, occupations[u]);
    }
    int m = years.length;
    int[][] mg = new int[m][];
    int[] yr = new int[m];
    for (int i = 0; i < m; i++) {
      mg[i] = genres.get(i).stream().mapToInt(g -> row(genreVocab, g)).toArray();
      yr[i] = row(Buckets.YEAR, Buckets.year(years[i]));
    }
    return new SideFeatures(
        Buckets.AGE, genderVocab, occVocab, age, gender, occ, genreVocab, Buckets.YEAR, mg, yr);
  }

  /**
   * "unknown" first, then the given fixed values, then any other value in order of first
   * appearance.
   */
  private static List<String> vocab(List<String> fixed, String[] values) {
    List<String> v = new ArrayList<>();
    v.add(Buckets.UNKNOWN);
    for (String f : fixed) {
      if (!v.contains(f)) {
        v.add(f);
      }
    }
    for (String s : values) {
      if (s != null && !s.isEmpty() && !v.contains(s)) {
        v.add(s);
      }
    }
    return v;
  }

  private static int row(List<String> vocab, String value) {
    int i = value == null || value.isEmpty() ? -1 : vocab.indexOf(value);
    return i >= 0 ? i : vocab.indexOf(Buckets.UNKNOWN);
  }
}
