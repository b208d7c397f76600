package dev.marquee.indexer;

import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The only place that names version-specific Lucene classes. The codec is Lucene's default codec
 * with a per-field vectors format for {@link IndexSchema#VECTOR}; it keeps the default codec's
 * name, so a reader needs no custom codec: the per-field format records the vectors format's SPI
 * name in the segment and HNSW parameters are only needed at write time.
 */
final class IndexCodec {
  private IndexCodec() {}

  /** Largest HNSW M and beam width Lucene accepts. */
  static final int MAX_M = Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN;

  static final int MAX_BEAM_WIDTH = Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH;

  /**
   * The codec for the final index: HNSW graph with the given parameters, built with {@code workers}
   * threads on {@code executor} during merges (the builder's only graph build).
   */
  static Codec hnsw(
      int m, int beamWidth, Quantize quantize, int workers, ExecutorService executor) {
    ExecutorService exec = workers > 1 ? executor : null;
    int w = workers > 1 ? workers : 1;
    KnnVectorsFormat format =
        switch (quantize) {
          case NONE -> new Lucene99HnswVectorsFormat(m, beamWidth, w, exec);
          case INT8 ->
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.UNSIGNED_BYTE, m, beamWidth, w, exec);
          case INT4 ->
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.PACKED_NIBBLE, m, beamWidth, w, exec);
        };
    return withVectorsFormat(format);
  }

  /**
   * The codec for the staging index: same format name, but the graph threshold is so high that no
   * graph is built at flush. Adding the documents is then cheap and single-threaded; the graph is
   * built once, by several threads, when the staged segment is merged into the final index.
   */
  static Codec staging() {
    return withVectorsFormat(
        new Lucene99HnswVectorsFormat(
            Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN,
            Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH,
            1,
            null,
            Integer.MAX_VALUE));
  }

  private static Codec withVectorsFormat(KnnVectorsFormat format) {
    Codec base = Codec.getDefault();
    KnnVectorsFormat perField =
        new PerFieldKnnVectorsFormat() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return format;
          }
        };
    return new FilterCodec(base.getName(), base) {
      @Override
      public KnnVectorsFormat knnVectorsFormat() {
        return perField;
      }
    };
  }
}
