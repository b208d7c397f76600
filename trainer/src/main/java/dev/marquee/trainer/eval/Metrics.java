package dev.marquee.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validation metrics of one predictor. The rating metrics are NaN for a predictor that only ranks
 * (most popular, EASE): a made-up rating would put a meaningless number beside the model's.
 *
 * @param recallAt10 mean over validation users with at least one relevant movie (rating >= 4) of
 *     |top-10 ∩ relevant| / |relevant|, ranking every movie the user did not rate in training
 * @param ndcgAt10 binary-relevance NDCG@10 over the same users and rankings, the ideal DCG over
 *     min(|relevant|, 10) hits
 * @param recallAt20 as recallAt10 with the top 20
 * @param ndcgAt20 as ndcgAt10 with the top 20 (ideal DCG over min(|relevant|, 20) hits)
 * @param hitRateAt10 share of those users with at least one relevant movie in their top 10
 * @param coverageAt10 distinct movies in all those top-10 lists / number of movies
 * @param popularityPercentileAt10 mean, over every slot of those top-10 lists, of the recommended
 *     movie's popularity percentile: 100 × (movies with at most as many training ratings) / movies,
 *     so 100 is the most rated movie; high values mean the list leans on blockbusters
 * @param rankedUsers users the ranking metrics average over
 */
public record Metrics(
    double mse,
    double rmse,
    double mae,
    double recallAt10,
    double ndcgAt10,
    double recallAt20,
    double ndcgAt20,
    double hitRateAt10,
    double coverageAt10,
    double popularityPercentileAt10,
    int rankedUsers) {

  /** Whether this predictor's rating metrics exist (false for ranking-only baselines). */
  public boolean hasRatings() {
    return !Double.isNaN(rmse);
  }

  /**
   * snake_case names, as in the metrics JSON and the manifest; NaN where a metric does not apply.
   */
  public Map<String, Double> toMap(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "valid_mse", mse);
    m.put(prefix + "valid_rmse", rmse);
    m.put(prefix + "valid_mae", mae);
    m.put(prefix + "recall_at_10", recallAt10);
    m.put(prefix + "ndcg_at_10", ndcgAt10);
    m.put(prefix + "recall_at_20", recallAt20);
    m.put(prefix + "ndcg_at_20", ndcgAt20);
    m.put(prefix + "hit_rate_at_10", hitRateAt10);
    m.put(prefix + "coverage_at_10", coverageAt10);
    m.put(prefix + "popularity_percentile_at_10", popularityPercentileAt10);
    return m;
  }

  /** {@link #toMap} without the NaN entries: the manifest keeps only numbers that exist. */
  public Map<String, Double> toDefinedMap(String prefix) {
    Map<String, Double> m = toMap(prefix);
    m.values().removeIf(v -> Double.isNaN(v));
    return m;
  }

  /**
   * {@link #toMap} for JSON: the same keys, null where a metric does not apply (JSON has no NaN).
   */
  public Map<String, Object> toJson(String prefix) {
    Map<String, Object> m = new LinkedHashMap<>();
    toMap(prefix).forEach((k, v) -> m.put(k, Double.isNaN(v) ? null : v));
    return m;
  }
}
