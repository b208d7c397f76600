package dev.marquee.trainer;

import dev.marquee.core.MovieInfo;
import dev.marquee.core.RatingLog;
import dev.marquee.core.UserInfo;
import dev.marquee.data.Dataset;
import dev.marquee.data.Movie;
import dev.marquee.data.Ratings;
import dev.marquee.data.Split;
import dev.marquee.data.User;
import dev.marquee.trainer.model.Interactions;
import dev.marquee.trainer.model.SideFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset and split turned into the trainer's arrays, plus what the artifact needs from the
 * dataset.
 */
public record Prepared(
    Dataset dataset, Split split, Interactions train, Interactions valid, SideFeatures side) {

  /** {@code d}'s ratings split by {@code split}, with the users' and movies' side features. */
  public static Prepared of(Dataset d, Split split) {
    int nu = d.users().size();
    int[] ages = new int[nu];
    String[] genders = new String[nu], occupations = new String[nu];
    for (int u = 0; u < nu; u++) {
      User x = d.users().get(u);
      ages[u] = x.age();
      genders[u] = x.gender();
      occupations[u] = x.occupation();
    }
    List<List<String>> genres = new ArrayList<>();
    int[] years = new int[d.movies().size()];
    for (int m = 0; m < years.length; m++) {
      Movie x = d.movies().get(m);
      genres.add(x.genres());
      years[m] = x.year();
    }
    return new Prepared(
        d,
        split,
        interactions(split.train()),
        interactions(split.valid()),
        SideFeatures.of(ages, genders, occupations, genres, years));
  }

  static Interactions interactions(Ratings r) {
    return new Interactions(r.user(), r.movie(), r.value());
  }

  int users() {
    return dataset.users().size();
  }

  int movies() {
    return dataset.movies().size();
  }

  List<MovieInfo> movieInfos() {
    return dataset.movies().stream()
        .map(m -> new MovieInfo(m.id(), m.title(), m.year(), m.genres()))
        .toList();
  }

  List<UserInfo> userInfos() {
    return dataset.users().stream()
        .map(
            u ->
                new UserInfo(
                    u.id(),
                    Math.max(0, u.age()),
                    u.gender() == null ? "" : u.gender(),
                    u.occupation() == null ? "" : u.occupation()))
        .toList();
  }

  /** Every rating of the dataset, training and validation alike. */
  RatingLog ratingLog() {
    Ratings r = dataset.ratings();
    return RatingLog.of(users(), r.user(), r.movie(), r.value());
  }
}
