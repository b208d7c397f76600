package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.marquee.core.ModelArtifact;
import dev.marquee.proto.v1.GetModelInfoRequest;
import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.PredictRatingsRequest;
import dev.marquee.proto.v1.PredictRatingsResponse;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.proto.v1.SimilarMoviesRequest;
import dev.marquee.server.http.WebServer;
import dev.marquee.server.testing.InProcessGrpc;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP/JSON API of {@code --http-port} against gRPC on the same synthetic model: every RPC's
 * JSON answer parses back to exactly the gRPC answer, errors carry gRPC's status and message as
 * one-line JSON, interceptors (here a token check) apply to HTTP callers, and the read-only views
 * agree with the model.
 */
class WebApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;

  static ModelArtifact model;
  static ServingStateHolder states;
  static final InProcessGrpc grpc = new InProcessGrpc();
  static final InProcessGrpc lockedGrpc = new InProcessGrpc();
  static MarqueeServer server;
  static MarqueeServer locked;
  static WebServer web;
  static WebServer lockedWeb;
  static ExecutorService calls;
  static RecommenderGrpc.RecommenderBlockingStub stub;
  static final HttpClient http = HttpClient.newHttpClient();

  /** Refuses calls without "authorization: Bearer t", as a token check would. */
  static final ServerInterceptor TOKEN =
      new ServerInterceptor() {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
          String auth =
              headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
          if (!"Bearer t".equals(auth)) {
            call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong token"), headers);
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>(
                new ServerCall.Listener<Q>() {}) {};
          }
          return next.startCall(call, headers);
        }
      };

  @BeforeAll
  static void start() throws Exception {
    model = Fixtures.write(tmp.resolve("model"), Fixtures.ml100kShape(7, true));
    states =
        new ServingStateHolder(
            new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT).call());
    Recommender r = new Recommender(new FoldIn(1.0));
    server = new MarqueeServer(grpc.serverBuilder(), states, r, List.of()).start();
    stub = RecommenderGrpc.newBlockingStub(grpc.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    calls = Executors.newFixedThreadPool(2);
    web =
        WebServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            server.recommenderService(),
            states,
            tmp.resolve("model"),
            calls,
            2);
    // A server with a token check and no model loaded yet.
    locked =
        new MarqueeServer(lockedGrpc.serverBuilder(), new ServingStateHolder(), r, List.of(TOKEN));
    lockedWeb =
        WebServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            locked.recommenderService(),
            new ServingStateHolder(),
            null,
            calls,
            1);
  }

  @AfterAll
  static void stop() throws Exception {
    web.close();
    lockedWeb.close();
    grpc.close();
    lockedGrpc.close();
    server.stop(Duration.ofSeconds(1));
    locked.stop(Duration.ofSeconds(1));
    calls.shutdownNow();
    states.close();
  }

  record Answer(int status, String body, HttpResponse<String> raw) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  static Answer send(WebServer to, String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r);
  }

  static Answer post(String rpc, String body) throws Exception {
    return send(web, "POST", "/api/v1/" + rpc, body);
  }

  /** POSTs {@code request} in JSON and checks that the answer parses to {@code grpcAnswer}. */
  static void sameAsGrpc(String rpc, Message request, Message grpcAnswer) throws Exception {
    Answer a = post(rpc, JsonFormat.printer().print(request));
    assertEquals(200, a.status(), a.body());
    assertEquals(
        "application/json; charset=utf-8", a.raw().headers().firstValue("Content-Type").get());
    Message.Builder parsed = grpcAnswer.newBuilderForType();
    JsonFormat.parser().merge(a.body(), parsed);
    assertEquals(grpcAnswer, parsed.build(), rpc);
  }

  @Test
  void everyRpcAnswersAsGrpcDoes() throws Exception {
    RecommendRequest rec =
        RecommendRequest.newBuilder()
            .setUserId(42)
            .setK(10)
            .setFilter(MovieFilter.newBuilder().addGenres("Comedy").setMinYear(1980))
            .build();
    sameAsGrpc("Recommend", rec, stub.recommend(rec));
    RecommendRequest unknown = RecommendRequest.newBuilder().setUserId(987654).setK(5).build();
    sameAsGrpc("Recommend", unknown, stub.recommend(unknown));
    RecommendForProfileRequest profile =
        RecommendForProfileRequest.newBuilder()
            .setAge(25)
            .setGender("F")
            .setOccupation("student")
            .addRatings(ProfileRating.newBuilder().setMovieId(50).setRating(5))
            .addRatings(ProfileRating.newBuilder().setMovieId(181).setRating(4))
            .setK(10)
            .build();
    sameAsGrpc("RecommendForProfile", profile, stub.recommendForProfile(profile));
    PredictRatingsRequest predict =
        PredictRatingsRequest.newBuilder().setUserId(10).addMovieIds(1).addMovieIds(50).build();
    sameAsGrpc("PredictRatings", predict, stub.predictRatings(predict));
    SimilarMoviesRequest similar =
        SimilarMoviesRequest.newBuilder().setMovieId(50).setK(10).build();
    sameAsGrpc("SimilarMovies", similar, stub.similarMovies(similar));
    sameAsGrpc(
        "GetModelInfo",
        GetModelInfoRequest.getDefaultInstance(),
        stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()));
  }

  @Test
  void jsonIsCanonicalBothWays() throws Exception {
    // The parser takes proto field names and lowerCamelCase; answers print lowerCamelCase with
    // default values included.
    Answer a = post("Recommend", "{\"user_id\": 42, \"k\": 3, \"includeSeen\": false}");
    assertEquals(200, a.status(), a.body());
    JsonNode items = a.json().get("items");
    assertEquals(3, items.size());
    assertTrue(items.get(0).has("predictedRating"), a.body());
    assertFalse(a.json().get("coldStart").asBoolean());
    PredictRatingsResponse.Builder p = PredictRatingsResponse.newBuilder();
    JsonFormat.parser()
        .merge(post("PredictRatings", "{\"userId\":\"10\",\"movieIds\":[1]}").body(), p);
    assertEquals(
        stub.predictRatings(
            PredictRatingsRequest.newBuilder().setUserId(10).addMovieIds(1).build()),
        p.build());
  }

  /** An error is one line of JSON with the gRPC code and message, never a stack trace. */
  static JsonNode error(Answer a, int status, String code) throws Exception {
    assertEquals(status, a.status(), a.body());
    assertFalse(a.body().contains("\n"), a.body());
    assertFalse(a.body().contains("Exception") || a.body().contains("\tat "), a.body());
    JsonNode e = a.json().get("error");
    assertEquals(code, e.get("code").asText(), a.body());
    return e;
  }

  static String grpcMessage(Supplier<?> call) {
    try {
      var unused = call.get();
    } catch (StatusRuntimeException ex) {
      return ex.getStatus().getDescription();
    }
    throw new AssertionError("the gRPC call succeeded");
  }

  @Test
  void errorsMapToHttpStatusesWithTheServersMessage() throws Exception {
    JsonNode e = error(post("Recommend", "{\"userId\": 42, \"k\": 0}"), 400, "INVALID_ARGUMENT");
    assertEquals(
        grpcMessage(
            () -> stub.recommend(RecommendRequest.newBuilder().setUserId(42).setK(0).build())),
        e.get("message").asText());
    e = error(post("PredictRatings", "{\"userId\": 99999, \"movieIds\": [1]}"), 404, "NOT_FOUND");
    assertTrue(e.get("message").asText().contains("user_id=99999"), e.toString());
    e = error(post("Recommend", "{\"userId\": 42, "), 400, "INVALID_ARGUMENT");
    assertTrue(e.get("message").asText().contains("marquee.v1.RecommendRequest"), e.toString());
    error(post("Recommend", "{\"user\": 42}"), 400, "INVALID_ARGUMENT"); // unknown field
    error(post("Recommend", "[1, 2]"), 400, "INVALID_ARGUMENT");
    e = error(post("Recommendations", "{}"), 404, "NOT_FOUND");
    assertTrue(e.get("message").asText().contains("Recommend,"), e.toString());
    error(send(web, "GET", "/nowhere.html", null), 404, "NOT_FOUND");
    error(send(web, "GET", "/api/v1/movies/abc", null), 400, "INVALID_ARGUMENT");
    Answer get = send(web, "GET", "/api/v1/Recommend", null);
    error(get, 405, "METHOD_NOT_ALLOWED");
    assertEquals("POST", get.raw().headers().firstValue("Allow").orElse(""));
    error(send(web, "DELETE", "/api/v1/model", null), 405, "METHOD_NOT_ALLOWED");
    error(send(web, "POST", "/index.html", "x"), 405, "METHOD_NOT_ALLOWED");
    error(post("Recommend", "{\"k\":" + " ".repeat(1 << 20) + "1}"), 413, "RESOURCE_EXHAUSTED");
  }

  @Test
  void interceptorsApplyAndNoModelIsUnavailable() throws Exception {
    String body = "{\"userId\": 42, \"k\": 10}";
    JsonNode e = error(send(lockedWeb, "POST", "/api/v1/Recommend", body), 401, "UNAUTHENTICATED");
    assertEquals("missing or wrong token", e.get("message").asText());
    e =
        error(
            send(lockedWeb, "POST", "/api/v1/Recommend", body, "Authorization", "Bearer t"),
            503,
            "UNAVAILABLE");
    assertEquals("no model loaded yet", e.get("message").asText());
    error(send(lockedWeb, "GET", "/api/v1/model", null), 503, "UNAVAILABLE");
    error(send(lockedWeb, "GET", "/api/v1/model/history.png", null), 404, "NOT_FOUND");
  }

  @Test
  void userRatingsAreTheModelsRatingLog() throws Exception {
    JsonNode r = send(web, "GET", "/api/v1/users/1/ratings", null).json();
    JsonNode ratings = r.get("ratings");
    assertEquals(model.ratings().count(0), ratings.size());
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode m : ratings) {
      int i = states.peek().catalogue().indexOf(m.get("movieId").asLong());
      assertEquals(model.ratings().rating(0, i), m.get("rating").floatValue(), 0f);
      assertTrue(m.get("rating").asDouble() <= previous);
      previous = m.get("rating").asDouble();
    }
    error(send(web, "GET", "/api/v1/users/99999/ratings", null), 404, "NOT_FOUND");
  }

  @Test
  void searchHistogramMapAndModel() throws Exception {
    JsonNode found = send(web, "GET", "/api/v1/movies?q=STAR%20wars&limit=5", null).json();
    assertTrue(found.get("movies").size() >= 1, found.toString());
    for (JsonNode m : found.get("movies")) {
      String t = m.get("title").asText().toLowerCase(java.util.Locale.ROOT);
      assertTrue(t.contains("star") && t.contains("wars"), t);
    }
    assertEquals(
        20, send(web, "GET", "/api/v1/movies", null).json().get("movies").size(), "popular");
    error(send(web, "GET", "/api/v1/movies?limit=0", null), 400, "INVALID_ARGUMENT");

    JsonNode movie = send(web, "GET", "/api/v1/movies/50", null).json();
    int i = states.peek().catalogue().indexOf(50);
    int raters = 0;
    for (int u = 0; u < model.ratings().users(); u++) {
      raters += Float.isNaN(model.ratings().rating(u, i)) ? 0 : 1;
    }
    assertEquals(raters, movie.get("ratings").asInt());
    int sum = 0;
    for (JsonNode bar : movie.get("histogram")) {
      sum += bar.get("count").asInt();
    }
    assertEquals(raters, sum);
    error(send(web, "GET", "/api/v1/movies/999999", null), 404, "NOT_FOUND");

    JsonNode map = send(web, "GET", "/api/v1/map", null).json();
    assertEquals(1682, map.get("ids").size());
    assertEquals(1682, map.get("x").size());
    double ex = map.get("explained").get(0).asDouble();
    assertTrue(
        ex > 0 && ex < 1 && ex >= map.get("explained").get(1).asDouble(),
        map.get("explained").toString());
    JsonNode dir = send(web, "GET", "/api/v1/map/users/42", null).json();
    assertTrue(Double.isFinite(dir.get("x").asDouble()));

    JsonNode m = send(web, "GET", "/api/v1/model", null).json();
    assertEquals(model.modelId(), m.get("modelId").asText());
    assertTrue(m.get("occupations").toString().contains("student"), m.toString());
    assertTrue(m.get("genres").toString().contains("Comedy"), m.toString());
  }

  @Test
  void viewsFollowAReload() throws Exception {
    Fixtures.write(tmp.resolve("other"), Fixtures.ml100kShape(8, false));
    try (ServingStateHolder holder =
            new ServingStateHolder(
                new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT).call());
        WebServer own =
            WebServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                server.recommenderService(),
                holder,
                null,
                calls,
                1)) {
      JsonNode before = send(own, "GET", "/api/v1/map", null).json();
      assertEquals(model.modelId(), before.get("modelId").asText());
      ServingState other =
          new PairLoader(tmp.resolve("other"), null, RetrievalOptions.EXACT).call();
      holder.swap(other);
      JsonNode after = send(own, "GET", "/api/v1/map", null).json();
      assertEquals(other.modelId(), after.get("modelId").asText());
      assertNotEquals(
          before.get("x"), after.get("x"), "the map is computed again for the new model");
    }
  }

  @Test
  void thePageIsServedFromTheJar() throws Exception {
    Answer page = send(web, "GET", "/", null);
    assertEquals(200, page.status());
    assertTrue(page.raw().headers().firstValue("Content-Type").get().startsWith("text/html"));
    assertTrue(page.body().contains("<script type=\"module\""), page.body());
    assertTrue(page.raw().headers().firstValue("Content-Security-Policy").get().contains("'self'"));
    Answer js = send(web, "GET", "/app.js", null);
    assertEquals(200, js.status());
    assertTrue(js.raw().headers().firstValue("Content-Type").get().startsWith("text/javascript"));
    error(send(web, "GET", "/../web/index.html", null), 404, "NOT_FOUND");
  }
}
