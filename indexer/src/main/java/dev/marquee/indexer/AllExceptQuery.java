package dev.marquee.indexer;

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
 * Matches every document except a given set, from precomputed per-leaf bit sets. Excluding a
 * user's rated movies this way costs O(maxDoc / 64) to build and hands the kNN search a bit set it
 * copies word by word, where a {@code MUST_NOT} boolean filter walks all documents (2.5 ms per
 * query at 1M movies; BENCHMARKS.md). Built by {@link MovieIndex#excluding(int[])}; bound to that
 * index's reader.
 */
final class AllExceptQuery extends Query {
  private final FixedBitSet[] accepted; // by leaf ord
  private final int[] excludedDocs;

  AllExceptQuery(FixedBitSet[] accepted, int[] excludedDocs) {
    this.accepted = accepted;
    this.excludedDocs = excludedDocs;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) {
        FixedBitSet bits = accepted[context.ord];
        long cost = bits.length() - (long) excludedDocs.length;
        return new DefaultScorerSupplier(new ConstantScoreScorer(score(), scoreMode, new BitSetIterator(bits, Math.max(1, cost))));
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        return false;
      }
    };
  }

  @Override
  public String toString(String field) {
    return "AllExcept(" + excludedDocs.length + " docs)";
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public boolean equals(Object o) {
    return sameClassAs(o) && Arrays.equals(excludedDocs, ((AllExceptQuery) o).excludedDocs);
  }

  @Override
  public int hashCode() {
    return classHash() * 31 + Arrays.hashCode(excludedDocs);
  }
}
