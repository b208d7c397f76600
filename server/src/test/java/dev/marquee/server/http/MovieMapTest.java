package dev.marquee.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The map's PCA on points whose principal axes are known by construction. */
class MovieMapTest {
  @Test
  void findsThePlantedAxesInOrderWithTheirVariance() {
    // Spread 3 along a = (1, 2, 0, 0)/√5, spread 1 along b = (0, 0, 1, 0), 0.01 along the rest,
    // around the centre (5, 5, 5, 5).
    double[] a = {1 / Math.sqrt(5), 2 / Math.sqrt(5), 0, 0};
    double[] b = {0, 0, 1, 0};
    Random r = new Random(7);
    int n = 4000;
    float[][] v = new float[n][4];
    double[] ta = new double[n];
    double[] tb = new double[n];
    for (int i = 0; i < n; i++) {
      ta[i] = 3 * r.nextGaussian();
      tb[i] = r.nextGaussian();
      for (int d = 0; d < 4; d++) {
        v[i][d] = (float) (5 + ta[i] * a[d] + tb[i] * b[d] + 0.01 * r.nextGaussian());
      }
    }
    MovieMap m = MovieMap.of(v, 4);
    assertArrayEquals(a, m.axes()[0], 0.01); // the largest coordinate positive
    assertArrayEquals(b, m.axes()[1], 0.01);
    assertEquals(0.9, m.explained()[0], 0.02); // 9 / (9 + 1 + 2 * 0.0001)
    assertEquals(0.1, m.explained()[1], 0.02);
    double meanA = java.util.Arrays.stream(ta).average().orElseThrow();
    for (int i = 0; i < n; i += 97) {
      assertEquals(ta[i] - meanA, m.x()[i], 0.1, "movie " + i);
    }
    // A user vector along a points along the first axis, not centred.
    double[] dir = m.direction(new float[] {1, 2, 0, 0});
    assertEquals(Math.sqrt(5), dir[0], 0.05);
    assertEquals(0, dir[1], 0.05);
    // Deterministic: the same vectors give the same map.
    assertArrayEquals(m.x(), MovieMap.of(v, 4).x());
  }

  @Test
  void degenerateCataloguesStayFinite() {
    MovieMap one = MovieMap.of(new float[][] {{1, 2, 3}}, 3);
    assertEquals(0f, one.x()[0]);
    assertEquals(0f, one.y()[0]);
    assertTrue(Double.isFinite(one.explained()[0]));
  }
}
