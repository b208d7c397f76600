package dev.marquee.client;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code client new-user}: recommendations for a user described by demographics and a few ratings.
 */
@Command(
    name = "new-user",
    description = "Top-k movies for a user the model has never seen (RecommendForProfile).")
final class NewUserCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions conn;
  @Mixin FilterOptions filter;

  @Option(names = "--age", paramLabel = "YEARS", description = "Age in years (default: unknown).")
  int age;

  @Option(names = "--gender", paramLabel = "M|F", description = "M or F (default: unknown).")
  String gender = "";

  @Option(
      names = "--occupation",
      paramLabel = "NAME",
      description = "Occupation in the dataset's vocabulary, e.g. student.")
  String occupation = "";

  @Option(
      names = "--rated",
      paramLabel = "MOVIE:RATING",
      split = ",",
      converter = RatedConverter.class,
      description = "Movies the user rated, e.g. 50:5,172:4 (repeatable); never recommended back.")
  List<ProfileRating> rated = new ArrayList<>();

  @Option(
      names = "--k",
      paramLabel = "K",
      defaultValue = "10",
      description = "How many movies, 1..1000 (default: ${DEFAULT-VALUE}).")
  int k;

  @Override
  public Integer call() throws Exception {
    RecommendForProfileRequest request = request();
    return conn.run(
        channel -> {
          var view =
              Views.Recommendations.of(
                  new RecommenderClient(channel, conn.deadline).recommendForProfile(request));
          conn.print(view, v -> TextOutput.recommendations(subject(), v));
          return ExitCode.OK.code();
        });
  }

  RecommendForProfileRequest request() {
    if (age < 0 || age > 150) {
      throw new ParameterException(spec.commandLine(), "--age must be in [0, 150]; age=" + age);
    }
    String g = gender.strip().toUpperCase(Locale.ROOT);
    if (!g.isEmpty() && !g.equals("M") && !g.equals("F")) {
      throw new ParameterException(spec.commandLine(), "--gender must be M or F; gender=" + gender);
    }
    Set<Long> seen = new HashSet<>();
    for (ProfileRating r : rated) {
      if (!seen.add(r.getMovieId())) {
        throw new ParameterException(
            spec.commandLine(), "--rated names movie " + r.getMovieId() + " more than once");
      }
    }
    return RecommendForProfileRequest.newBuilder()
        .setAge(age)
        .setGender(g)
        .setOccupation(occupation.strip())
        .addAllRatings(rated)
        .setK(Checks.k(spec, k))
        .setFilter(filter.toProto())
        .build();
  }

  private String subject() {
    List<String> parts = new ArrayList<>();
    if (age > 0) {
      parts.add("age " + age);
    }
    if (!gender.isBlank()) {
      parts.add(gender.strip().toUpperCase(Locale.ROOT));
    }
    if (!occupation.isBlank()) {
      parts.add(occupation.strip());
    }
    parts.add(rated.size() + (rated.size() == 1 ? " rating" : " ratings"));
    return "new user (" + String.join(", ", parts) + ")";
  }

  /** One {@code MOVIE:RATING} item of {@code --rated}; the error names the bad item. */
  static final class RatedConverter implements ITypeConverter<ProfileRating> {
    @Override
    public ProfileRating convert(String item) {
      String[] parts = item.strip().split(":", -1);
      if (parts.length != 2) {
        throw bad(item, "expected MOVIE:RATING, e.g. 50:5");
      }
      long movie;
      float rating;
      try {
        movie = Long.parseLong(parts[0].strip());
      } catch (NumberFormatException e) {
        throw bad(item, "movie id '" + parts[0] + "' is not a number");
      }
      try {
        rating = Float.parseFloat(parts[1].strip());
      } catch (NumberFormatException e) {
        throw bad(item, "rating '" + parts[1] + "' is not a number");
      }
      if (movie < 1) {
        throw bad(item, "movie id must be positive");
      }
      if (!Float.isFinite(rating) || rating <= 0) {
        throw bad(item, "rating must be a positive number");
      }
      return ProfileRating.newBuilder().setMovieId(movie).setRating(rating).build();
    }

    private static TypeConversionException bad(String item, String why) {
      return new TypeConversionException("bad item '" + item + "': " + why);
    }
  }
}
