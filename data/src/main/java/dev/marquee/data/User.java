package dev.marquee.data;

import java.util.Objects;

/**
 * One user's demographics. Datasets without a user file (CSV) give age 0 and empty strings.
 *
 * @param id the dataset's user id
 * @param age age in years (ML-1M: its age bucket code, 1, 18, 25, ...); 0 when unknown
 * @param gender "M", "F" or "" when unknown
 * @param occupation occupation name from {@link Dataset#occupations()}, or "" when unknown
 * @param zip zip code as written, or "" when unknown
 */
public record User(long id, int age, String gender, String occupation, String zip) {
  public User {
    Objects.requireNonNull(gender, "gender");
    Objects.requireNonNull(occupation, "occupation");
    Objects.requireNonNull(zip, "zip");
  }

  /** A user whose only known attribute is the id. */
  public static User unknown(long id) {
    return new User(id, 0, "", "", "");
  }
}
