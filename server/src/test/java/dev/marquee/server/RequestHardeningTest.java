package dev.marquee.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marquee.core.Manifest;
import dev.marquee.core.ModelArtifact;
import dev.marquee.proto.v1.MovieFilter;
import dev.marquee.proto.v1.ProfileRating;
import dev.marquee.proto.v1.RecommendForProfileRequest;
import dev.marquee.proto.v1.RecommendRequest;
import dev.marquee.proto.v1.RecommenderGrpc;
import dev.marquee.server.testing.InProcessGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that do not parse, oversized values and values outside the model: INVALID_ARGUMENT with
 * a short message, a bounded log, never UNKNOWN.
 */
class RequestHardeningTest {
  @TempDir static Path tmp;
  static final InProcessGrpc grpc = new InProcessGrpc();
  static final List<String> log = new CopyOnWriteArrayList<>();
  static ServingStateHolder states;
  static MarqueeServer server;
  static RecommenderGrpc.RecommenderBlockingStub stub;

  @BeforeAll
  static void start() throws Exception {
    // Predictions on [0, 5.5] (a trainer's y_range) for a dataset rated 1..5.
    ModelArtifact a = Fixtures.ml100kShape(31, true);
    Manifest m = a.manifest();
    Manifest wide =
        Manifest.draft(
            m.dataset(),
            m.datasetFingerprint(),
            m.split(),
            m.features(),
            0f,
            5.5f,
            1f,
            5f,
            m.hyperparameters(),
            m.metrics());
    Fixtures.write(
        tmp.resolve("model"),
        new ModelArtifact(wide, a.embeddings(), a.movies(), a.users(), a.ratings()));
    states =
        new ServingStateHolder(
            new PairLoader(tmp.resolve("model"), null, RetrievalOptions.EXACT).call());
    server =
        new MarqueeServer(
                grpc.serverBuilder(),
                states,
                new Recommender(new FoldIn(1)),
                List.of(),
                new MarqueeServer.Options(true, log::add))
            .start();
    server.setServing(true);
    stub = RecommenderGrpc.newBlockingStub(grpc.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    grpc.close();
    server.stop(Duration.ofSeconds(1));
    states.close();
  }

  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        }
      };

  /** Sends {@code body} as the request of {@code method}, whatever its declared type. */
  static Status raw(Channel channel, MethodDescriptor<?, ?> method, byte[] body) {
    MethodDescriptor<byte[], byte[]> m = method.toBuilder(BYTES, BYTES).build();
    try {
      ClientCalls.blockingUnaryCall(
          channel, m, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
      return Status.OK;
    } catch (StatusRuntimeException ex) {
      return ex.getStatus();
    }
  }

  /** A string field holding the bytes C3 28: not UTF-8. */
  static byte[] invalidUtf8(int fieldNumber) {
    return new byte[] {(byte) (fieldNumber << 3 | 2), 2, (byte) 0xC3, 0x28};
  }

  @Test
  void malformedRequestsAreInvalidArgumentOnEveryMethod() {
    byte[] garbage = new byte[16];
    Arrays.fill(garbage, (byte) 0xFF);
    byte[] whole =
        RecommendForProfileRequest.newBuilder()
            .setK(5)
            .setGender("M")
            .setOccupation("student")
            .build()
            .toByteArray();
    byte[] truncated = Arrays.copyOf(whole, whole.length - 3);
    List<byte[]> bodies =
        List.of(
            garbage,
            truncated,
            invalidUtf8(RecommendForProfileRequest.GENDER_FIELD_NUMBER),
            // filter.genres[0] inside a Recommend request
            concat(
                new byte[] {
                  (byte) (RecommendRequest.FILTER_FIELD_NUMBER << 3 | 2), 4,
                },
                invalidUtf8(MovieFilter.GENRES_FIELD_NUMBER)));
    int unary = 0;
    for (MethodDescriptor<?, ?> method : RecommenderGrpc.getServiceDescriptor().getMethods()) {
      if (method.getType() != MethodDescriptor.MethodType.UNARY) {
        continue;
      }
      unary++;
      for (byte[] body : List.of(garbage, truncated)) {
        Status s = raw(grpc.channel(), method, body);
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode(), method + ": " + s);
        assertTrue(s.getDescription().startsWith("malformed request: "), s.getDescription());
        assertTrue(s.getDescription().length() < 200, s.getDescription());
      }
    }
    assertTrue(unary >= 5, "unary methods: " + unary);
    Status utf8 =
        raw(grpc.channel(), RecommenderGrpc.getRecommendForProfileMethod(), bodies.get(2));
    assertEquals(Status.Code.INVALID_ARGUMENT, utf8.getCode(), utf8.toString());
    assertTrue(utf8.getDescription().contains("UTF-8"), utf8.getDescription());
    Status nested = raw(grpc.channel(), RecommenderGrpc.getRecommendMethod(), bodies.get(3));
    assertEquals(Status.Code.INVALID_ARGUMENT, nested.getCode(), nested.toString());
    // The server still answers well-formed calls.
    assertEquals(
        3,
        stub.recommend(RecommendRequest.newBuilder().setUserId(1).setK(3).build()).getItemsCount());
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aThousandMalformedCallsWriteAFewShortLinesAndNoStackTrace() throws InterruptedException {
    List<LogRecord> grpcLog = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
              grpcLog.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    Thread.sleep(1100); // past the rate limit's window of any earlier malformed call
    int before = log.size();
    try {
      byte[] garbage = new byte[16];
      Arrays.fill(garbage, (byte) 0xFF);
      for (int i = 0; i < 1000; i++) {
        Status s = raw(grpc.channel(), RecommenderGrpc.getRecommendMethod(), garbage);
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode(), s.toString());
      }
    } finally {
      root.removeHandler(capture);
    }
    List<String> lines = new ArrayList<>(log.subList(before, log.size()));
    long bytes = lines.stream().mapToLong(l -> l.length() + 1).sum();
    assertTrue(bytes < 200_000, bytes + " bytes: " + lines);
    assertFalse(lines.isEmpty());
    assertTrue(lines.size() <= 10, lines.toString());
    for (String l : lines) {
      assertTrue(l.startsWith("malformed request to marquee.v1.Recommender/Recommend"), l);
      assertFalse(l.contains("\n"), l);
    }
    assertEquals(List.of(), grpcLog.stream().map(LogRecord::getMessage).toList());
  }

  @Test
  void echoedValuesAreCut() {
    String huge = "x".repeat(8192);
    for (var request :
        List.of(
            RecommendForProfileRequest.newBuilder().setK(5).setGender(huge).build(),
            RecommendForProfileRequest.newBuilder().setK(5).setOccupation(huge).build())) {
      StatusRuntimeException ex =
          assertThrows(StatusRuntimeException.class, () -> stub.recommendForProfile(request));
      assertEquals(Status.Code.INVALID_ARGUMENT, ex.getStatus().getCode(), ex.toString());
      String d = ex.getStatus().getDescription();
      assertTrue(d.length() < 400, d.length() + ": " + d);
      assertTrue(d.endsWith("=" + "x".repeat(64) + "… (8192 characters)"), d);
    }
    StatusRuntimeException genre =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                stub.recommend(
                    RecommendRequest.newBuilder()
                        .setUserId(1)
                        .setK(3)
                        .setFilter(MovieFilter.newBuilder().addGenres(huge))
                        .build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, genre.getStatus().getCode());
    assertTrue(genre.getStatus().getDescription().length() < 600);
  }

  @Test
  void occupationMustBeInTheModelsVocabulary() {
    StatusRuntimeException ex =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                stub.recommendForProfile(
                    RecommendForProfileRequest.newBuilder()
                        .setK(5)
                        .setOccupation("astronaut")
                        .build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, ex.getStatus().getCode());
    assertTrue(
        ex.getStatus().getDescription().contains("student")
            && ex.getStatus().getDescription().endsWith("occupation=astronaut"),
        ex.getStatus().getDescription());
    assertEquals(
        5,
        stub.recommendForProfile(
                RecommendForProfileRequest.newBuilder().setK(5).setOccupation("student").build())
            .getItemsCount());
  }

  @Test
  void profileRatingsFollowTheDatasetsScaleNotThePredictionRange() {
    for (float bad : new float[] {0f, 0.99f, 5.01f, 5.5f}) {
      StatusRuntimeException ex =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  stub.recommendForProfile(
                      RecommendForProfileRequest.newBuilder()
                          .setK(5)
                          .addRatings(ProfileRating.newBuilder().setMovieId(1).setRating(bad))
                          .build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, ex.getStatus().getCode());
      assertTrue(
          ex.getStatus().getDescription().startsWith("ratings[0].rating must be in [1, 5]"),
          ex.getStatus().getDescription());
    }
    for (float good : new float[] {1f, 5f}) {
      assertEquals(
          5,
          stub.recommendForProfile(
                  RecommendForProfileRequest.newBuilder()
                      .setK(5)
                      .addRatings(ProfileRating.newBuilder().setMovieId(1).setRating(good))
                      .build())
              .getItemsCount());
    }
  }
}
