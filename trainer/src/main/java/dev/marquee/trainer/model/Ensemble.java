package dev.marquee.trainer.model;

import dev.marquee.core.Embeddings;
import dev.marquee.core.FeatureTable;
import java.util.ArrayList;
import java.util.List;

/**
 * K dot-product models as one: user vectors concatenated and scaled by 1/K, movie vectors
 * concatenated, biases averaged (the rating biases b_u, b_m and the retrieval bias c_m alike), so
 * both the rating logit u·m + b_u + b_m and the ranking score u·m + c_m are the means of the K
 * models' (an ensemble in logit space) and the result is served and indexed exactly like a single
 * model. Feature tables concatenate the same way (user rows scaled by 1/K), so core's features-only
 * vectors stay the mean of the K features-only scores.
 */
public final class Ensemble {
  private Ensemble() {}

  public static Embeddings concat(List<Embeddings> parts) {
    if (parts.size() == 1) {
      return parts.getFirst();
    }
    Embeddings first = parts.getFirst();
    int k = parts.size();
    float w = 1f / k;
    int nu = first.userIds().length, nm = first.movieIds().length;
    float[][] uv = new float[nu][], mv = new float[nm][];
    float[] ub = new float[nu], mb = new float[nm], mc = new float[nm];
    for (int u = 0; u < nu; u++) {
      final int row = u;
      uv[u] = cat(parts.stream().map(e -> e.userVectors()[row]).toList(), w);
      for (Embeddings e : parts) {
        ub[u] += e.userBias()[u] * w;
      }
    }
    for (int m = 0; m < nm; m++) {
      final int row = m;
      mv[m] = cat(parts.stream().map(e -> e.movieVectors()[row]).toList(), 1f);
      for (Embeddings e : parts) {
        mb[m] += e.movieBias()[m] * w;
        mc[m] += e.movieRetrievalBias()[m] * w;
      }
    }
    List<FeatureTable> tables = new ArrayList<>();
    for (FeatureTable t : first.features()) {
      float scale = t.name().startsWith("user.") ? w : 1f;
      int n = t.vocabulary().size();
      float[][] v = new float[n][];
      float[] b = new float[n];
      for (int i = 0; i < n; i++) {
        final int row = i;
        v[i] =
            cat(
                parts.stream().map(e -> e.feature(t.name()).orElseThrow().vectors()[row]).toList(),
                scale);
        for (Embeddings e : parts) {
          b[i] += e.feature(t.name()).orElseThrow().bias()[i] * w;
        }
      }
      tables.add(new FeatureTable(t.name(), t.vocabulary(), v, b));
    }
    return new Embeddings(
        first.dim() * k, first.userIds(), uv, ub, first.movieIds(), mv, mb, mc, tables);
  }

  private static float[] cat(List<float[]> parts, float scale) {
    int d = parts.getFirst().length;
    float[] out = new float[d * parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      float[] p = parts.get(i);
      for (int j = 0; j < d; j++) {
        out[i * d + j] = p[j] * scale;
      }
    }
    return out;
  }
}
