package dev.marquee.indexer;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ExactSearchTest {
  @Test
  void handCheckedTopKWithTiesByIndex() {
    // Query [u ; 1] = [1, 0, 1]: scores are x + bias.
    float[][] items = {{0.5f, 9f, 0f}, {1f, 0f, 1f}, {2f, 0f, 0f}, {0f, 0f, -1f}, {1.5f, 0f, 0.5f}};
    ExactSearch s = new ExactSearch(items);
    float[] q = {1f, 0f, 1f};
    // scores: 0.5, 2, 2, -1, 2 -> ties at 2 ordered by index: 1, 2, 4
    assertArrayEquals(new int[] {1, 2, 4}, s.topK(q, 3));
    assertArrayEquals(new int[] {1, 2, 4, 0, 3}, s.topK(q, 10));
    assertArrayEquals(new int[] {2, 4}, s.rerank(q, new int[] {4, 3, 2}, 2));
  }

  @Test
  void percentileIsNearestRank() {
    long[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5, Verifier.percentile(v, 0.5));
    assertEquals(10, Verifier.percentile(v, 0.99));
  }

  @Test
  void innerProductIsRecoveredFromLuceneScores() {
    for (float dot : new float[] {-3.5f, -0.25f, 0f, 0.75f, 12f}) {
      float score = dot >= 0 ? dot + 1 : 1 / (1 - dot);
      assertEquals(dot, MovieIndex.innerProduct(score), 1e-6f);
    }
  }
}
