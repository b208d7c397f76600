package dev.marquee.indexer;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * A per-call filter over one index reader: matches the documents whose bits are set, one {@link
 * FixedBitSet} per leaf. Lucene's kNN query recognises the {@link BitSetIterator} and uses the bits
 * directly as its accept set, so the filter costs one bitset per call and no term or point lookups
 * (a {@code MUST_NOT} boolean filter excluding a user's rated movies makes Lucene walk all
 * documents instead: +2.5 ms per query at 1M movies; BENCHMARKS.md). Built by {@link
 * MovieIndex#search} from the allowed rows; bound to that index's reader. Not cacheable (each call
 * has its own bits).
 */
final class BitSetQuery extends Query {
  private final FixedBitSet[] leafBits;
  private final int[] leafCounts;

  /**
   * @param leafBits matching documents of leaf i (leaf-local doc ids), with their cardinalities
   */
  BitSetQuery(FixedBitSet[] leafBits, int[] leafCounts) {
    this.leafBits = leafBits;
    this.leafCounts = leafCounts;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
        FixedBitSet bits = leafBits[context.ord];
        int count = leafCounts[context.ord];
        if (count == 0) {
          return null;
        }
        return new DefaultScorerSupplier(
            new ConstantScoreScorer(score(), scoreMode, new BitSetIterator(bits, count)));
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        return false;
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public String toString(String field) {
    return "BitSetQuery(" + Arrays.toString(leafCounts) + ")";
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
