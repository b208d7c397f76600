package dev.marquee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.testing.CliRun;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import dev.marquee.proto.v1.RecommendRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Table and JSON output of each command against the fake service. */
class CommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension final Harness h = new Harness();

  @Test
  void recommendTable() {
    CliRun r = h.run("recommend", "--user", "42", "--k", "3", "--target", "somewhere:1");
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err());
    String[] lines = r.out().split("\n");
    assertEquals("Top 3 for user 42 - model m-0123abcd", lines[0]);
    assertTrue(
        lines[1].matches("\\s*#\\s+movie\\s+title\\s+genres\\s+rating\\s+because you liked"),
        lines[1]);
    assertTrue(lines[2].contains("Empire Strikes Back, The (1980)"), lines[2]);
    assertTrue(lines[2].contains("Action|Adventure|Sci-Fi|War"), lines[2]);
    assertTrue(lines[2].contains("4.37"), lines[2]);
    assertTrue(lines[2].endsWith("Star Wars"), lines[2]);
    assertTrue(lines[3].contains("Dr. Strangelove or: How I Learned... (1964)"), lines[3]);
    assertTrue(lines[4].contains("4.00"), lines[4]);
    // aligned: the rating column ends at the same offset in every row
    int end = lines[1].indexOf("rating") + "rating".length();
    for (int i = 2; i < lines.length; i++) {
      assertTrue(lines[i].substring(0, end).matches(".*\\d\\.\\d\\d"), lines[i]);
    }
    assertEquals(java.util.List.of("somewhere:1"), h.grpc.targets());
    RecommendRequest sent = (RecommendRequest) h.fake.requests.peek();
    assertEquals(42, sent.getUserId());
    assertEquals(3, sent.getK());
    assertFalse(sent.getIncludeSeen());
  }

  @Test
  void recommendColdStartAndFilters() {
    CliRun r =
        h.run(
            "recommend",
            "--user",
            "999",
            "--genre",
            "Comedy,Drama",
            "--genre",
            "War",
            "--min-year",
            "1990",
            "--max-year",
            "1999",
            "--include-seen");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("Top 3 for user 999 - model m-0123abcd (cold start)\n"), r.out());
    RecommendRequest sent = (RecommendRequest) h.fake.requests.peek();
    assertEquals(java.util.List.of("Comedy", "Drama", "War"), sent.getFilter().getGenresList());
    assertEquals(1990, sent.getFilter().getMinYear());
    assertEquals(1999, sent.getFilter().getMaxYear());
    assertTrue(sent.getIncludeSeen());
    assertEquals(10, sent.getK());
  }

  @Test
  void recommendJson() throws Exception {
    CliRun r = h.run("recommend", "--user", "42", "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode doc = JSON.readTree(r.out());
    assertEquals("m-0123abcd", doc.get("model_id").asText());
    assertFalse(doc.get("cold_start").asBoolean());
    JsonNode first = doc.get("items").get(0);
    assertEquals(1, first.get("rank").asInt());
    assertEquals(172, first.get("movie_id").asLong());
    assertEquals("Empire Strikes Back, The", first.get("title").asText());
    assertEquals(1980, first.get("year").asInt());
    assertEquals("Sci-Fi", first.get("genres").get(2).asText());
    assertEquals(4.371, first.get("predicted_rating").asDouble(), 1e-6);
    assertEquals(50, first.get("because_you_liked").get("movie_id").asLong());
    assertTrue(doc.get("items").get(1).get("because_you_liked").isNull());
    assertEquals(
        FakeRecommender.LONG_TITLE,
        doc.get("items").get(1).get("title").asText(),
        "JSON is never truncated");
  }

  @Test
  void newUserTableAndRequest() {
    CliRun r =
        h.run(
            "new-user",
            "--age",
            "25",
            "--gender",
            "f",
            "--occupation",
            "student",
            "--rated",
            "50:5,172:4",
            "--rated",
            "1:3.5",
            "--k",
            "5");
    assertEquals(0, r.code(), r::toString);
    assertTrue(
        r.out()
            .startsWith(
                "Top 1 for new user (age 25, F, student, 3 ratings) - model m-0123abcd (cold start)\n"),
        r.out());
    assertTrue(r.out().contains("Fargo (1996)"), r.out());
    RecommendForProfileRequest sent = (RecommendForProfileRequest) h.fake.requests.peek();
    assertEquals(25, sent.getAge());
    assertEquals("F", sent.getGender());
    assertEquals("student", sent.getOccupation());
    assertEquals(3, sent.getRatingsCount());
    assertEquals(172, sent.getRatings(1).getMovieId());
    assertEquals(4f, sent.getRatings(1).getRating());
    assertEquals(3.5f, sent.getRatings(2).getRating());
    assertEquals(5, sent.getK());
  }

  @Test
  void newUserJson() throws Exception {
    CliRun r = h.run("new-user", "--rated", "50:5", "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode doc = JSON.readTree(r.out());
    assertTrue(doc.get("cold_start").asBoolean());
    assertEquals(100, doc.get("items").get(0).get("movie_id").asLong());
  }

  @Test
  void newUserBadRatedItemIsUsageError() {
    CliRun r = h.run("new-user", "--rated", "50:5,172-4");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("bad item '172-4': expected MOVIE:RATING"), r.err());
    assertTrue(r.err().contains("Usage: client new-user"), r.err());
    assertTrue(h.fake.requests.isEmpty(), "nothing was sent");

    CliRun notNumber = h.run("new-user", "--rated", "abc:5");
    assertEquals(2, notNumber.code());
    assertTrue(
        notNumber.err().contains("bad item 'abc:5': movie id 'abc' is not a number"),
        notNumber.err());
    CliRun dup = h.run("new-user", "--rated", "50:5,50:4");
    assertEquals(2, dup.code());
    assertTrue(dup.err().contains("--rated names movie 50 more than once"), dup.err());
    CliRun gender = h.run("new-user", "--gender", "X");
    assertEquals(2, gender.code());
    assertTrue(gender.err().contains("--gender must be M or F; gender=X"), gender.err());
  }

  @Test
  void similarTableAndJson() throws Exception {
    CliRun r = h.run("similar", "--movie", "50", "--k", "2");
    assertEquals(0, r.code(), r::toString);
    String[] lines = r.out().split("\n");
    assertEquals("Similar to 50 Star Wars - model m-0123abcd", lines[0]);
    assertTrue(
        lines[2].contains("Empire Strikes Back, The (1980)") && lines[2].endsWith("0.931"),
        lines[2]);
    assertTrue(
        lines[3].contains("Return of the Jedi (1983)") && lines[3].endsWith("0.880"), lines[3]);

    JsonNode doc = JSON.readTree(h.run("similar", "--movie", "50", "--json").out());
    assertEquals(50, doc.get("movie").get("movie_id").asLong());
    assertEquals(0.9312, doc.get("items").get(0).get("similarity").asDouble(), 1e-6);
    assertEquals(2, doc.get("items").get(1).get("rank").asInt());
  }

  @Test
  void predictTableAndJson() throws Exception {
    CliRun r = h.run("predict", "--user", "42", "--movie", "50", "--movie", "51,52");
    assertEquals(0, r.code(), r::toString);
    String[] lines = r.out().split("\n");
    assertEquals("Predicted ratings for user 42 - model m-0123abcd", lines[0]);
    assertTrue(lines[1].matches("\\s*movie\\s+title\\s+predicted\\s+actual\\s+score"), lines[1]);
    assertTrue(lines[2].matches("\\s*50\\s+Movie 50\\s+3\\.50\\s+5\\.0\\s+1\\.250"), lines[2]);
    assertTrue(lines[3].matches("\\s*51\\s+Movie 51\\s+4\\.50\\s+-\\s+1\\.250"), lines[3]);
    assertEquals(
        java.util.List.of(50L, 51L, 52L),
        ((PredictRatingsRequest) h.fake.requests.peek()).getMovieIdsList());

    JsonNode doc =
        JSON.readTree(h.run("predict", "--user", "42", "--movie", "50,51", "--json").out());
    assertEquals(42, doc.get("user_id").asLong());
    assertEquals(5.0, doc.get("predictions").get(0).get("actual_rating").asDouble());
    assertTrue(doc.get("predictions").get(1).get("actual_rating").isNull());
    assertEquals(4.5, doc.get("predictions").get(1).get("predicted_rating").asDouble());
  }

  @Test
  void infoTableAndJson() throws Exception {
    CliRun r = h.run("info");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().matches("(?s).*model_id\\s+m-0123abcd\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*y_range\\s+\\[0\\.50, 5\\.50]\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*rating_scale\\s+\\[1\\.00, 5\\.00]\n.*"), r.out());
    assertTrue(
        r.out().matches("(?s).*metric test_rmse\\s+0\\.9200\nmetric valid_rmse\\s+0\\.9123\n.*"),
        r.out());
    assertTrue(r.out().matches("(?s).*index beam_width\\s+100\nindex m\\s+16\n"), r.out());

    JsonNode doc = JSON.readTree(h.run("info", "--json").out());
    assertEquals("m-0123abcd", doc.get("model_id").asText());
    assertEquals(943, doc.get("users").asLong());
    assertEquals(0.5, doc.get("y_min").asDouble());
    assertEquals(0.91234, doc.get("metrics").get("valid_rmse").asDouble(), 1e-12);
    assertEquals("16", doc.get("index_params").get("m").asText());
    assertEquals("2025-01-02T03:04:05Z", doc.get("created_at").asText());
  }

  @Test
  void healthServingAndNot() throws Exception {
    CliRun ok = h.run("health");
    assertEquals(0, ok.code(), ok::toString);
    assertEquals("SERVING\n", ok.out());

    h.grpc.health().setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
    CliRun down = h.run("health", "--json");
    assertEquals(ExitCode.NOT_SERVING.code(), down.code(), down::toString);
    assertEquals("NOT_SERVING", JSON.readTree(down.out()).get("status").asText());

    CliRun unknown = h.run("health", "--service", "no.such.Service");
    assertEquals(ExitCode.NOT_FOUND.code(), unknown.code(), unknown::toString);
    assertTrue(unknown.err().startsWith("not found: "), unknown.err());
  }
}
