package dev.marquee.client;

import dev.marquee.proto.v1.MovieFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --genre}, {@code --min-year}, {@code --max-year}: the request's {@link MovieFilter}. */
final class FilterOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--genre",
      paramLabel = "GENRE",
      split = ",",
      description =
          "Keep movies with at least one of these genres (repeat or comma-separate), e.g. Comedy.")
  List<String> genres = new ArrayList<>();

  @Option(
      names = "--min-year",
      paramLabel = "YEAR",
      description = "Keep movies released in or after YEAR.")
  int minYear;

  @Option(
      names = "--max-year",
      paramLabel = "YEAR",
      description = "Keep movies released in or before YEAR.")
  int maxYear;

  /** The filter, after checking the years; empty fields do not restrict. */
  MovieFilter toProto() {
    if (minYear < 0) {
      throw new ParameterException(
          mixee.commandLine(), "--min-year must be positive; min-year=" + minYear);
    }
    if (maxYear < 0) {
      throw new ParameterException(
          mixee.commandLine(), "--max-year must be positive; max-year=" + maxYear);
    }
    if (minYear > 0 && maxYear > 0 && minYear > maxYear) {
      throw new ParameterException(
          mixee.commandLine(),
          "--min-year must not be after --max-year; min-year=" + minYear + ", max-year=" + maxYear);
    }
    for (String g : genres) {
      if (g.isBlank()) {
        throw new ParameterException(mixee.commandLine(), "--genre must not be empty");
      }
    }
    return MovieFilter.newBuilder()
        .addAllGenres(genres.stream().map(String::strip).toList())
        .setMinYear(minYear)
        .setMaxYear(maxYear)
        .build();
  }
}
