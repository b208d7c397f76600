package dev.marquee.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validation metrics of one predictor.
 *
 * @param recallAt10 mean over validation users with at least one relevant movie (rating >= 4) of
 *     |top-10 ∩ relevant| / |relevant|, ranking every movie the user did not rate in training
 * @param ndcgAt10 binary-relevance NDCG@10 over the same users and rankings
 * @param coverageAt10 distinct movies in all those top-10 lists / number of movies
 * @param rankedUsers users the ranking metrics average over
 */
public record Metrics(double mse, double rmse, double mae, double recallAt10, double ndcgAt10, double coverageAt10, int rankedUsers) {
  /** snake_case names, as in the metrics JSON and the manifest. */
  public Map<String, Double> toMap(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "valid_mse", mse);
    m.put(prefix + "valid_rmse", rmse);
    m.put(prefix + "valid_mae", mae);
    m.put(prefix + "recall_at_10", recallAt10);
    m.put(prefix + "ndcg_at_10", ndcgAt10);
    m.put(prefix + "coverage_at_10", coverageAt10);
    return m;
  }
}
