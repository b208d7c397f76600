package dev.marquee.benchmarks;

import dev.marquee.core.Embeddings;
import dev.marquee.core.Features;
import dev.marquee.core.ModelArtifact;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.RatingLog;
import dev.marquee.core.Scoring;
import dev.marquee.core.UserInfo;
import dev.marquee.server.FoldIn;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Held-out RMSE of the new-user fold-in on a trained model, for several lambdas. For the first 300
 * users it folds in every other rating (features-only prior) and predicts the others, beside the
 * prior alone and the trained user vector (which saw those ratings in training).
 *
 * <pre>
 * benchmarks/run.sh FoldInCheck MODEL_DIR
 * </pre>
 */
public final class FoldInCheck {
  private FoldInCheck() {}

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  static void run(String[] args, PrintStream out) throws Exception {
    ModelArtifact m = ModelArtifacts.read(Path.of(args[0]));
    Embeddings e = m.embeddings();
    RatingLog log = m.ratings();
    float lo = m.manifest().yMin(), hi = m.manifest().yMax();
    for (double lambda : new double[] {0.1, 0.3, 1, 3, 10}) {
      FoldIn foldIn = new FoldIn(lambda);
      double seFold = 0, sePrior = 0, seTrained = 0;
      int n = 0;
      for (int u = 0; u < Math.min(300, e.userIds().length); u++) {
        int[] movies = log.moviesOf(u);
        float[] ratings = log.ratingsOf(u);
        int half = (movies.length + 1) / 2;
        int[] foldMovies = new int[half];
        float[] foldRatings = new float[half];
        for (int j = 0; j < movies.length; j += 2) {
          foldMovies[j / 2] = movies[j];
          foldRatings[j / 2] = ratings[j];
        }
        UserInfo info = m.users().get(u);
        Features.Vector prior = Features.user(e, info.age(), info.gender(), info.occupation());
        Features.Vector folded =
            foldIn.solve(
                e.movieVectors(),
                e.movieBias(),
                foldMovies,
                foldRatings,
                lo,
                hi,
                prior.vector(),
                prior.bias());
        for (int j = 1; j < movies.length; j += 2) {
          float[] mv = e.movieVectors()[movies[j]];
          float mb = e.movieBias()[movies[j]];
          seFold +=
              sq(
                  Scoring.predictedRating(
                          Scoring.score(folded.vector(), folded.bias(), mv, mb), lo, hi)
                      - ratings[j]);
          sePrior +=
              sq(
                  Scoring.predictedRating(
                          Scoring.score(prior.vector(), prior.bias(), mv, mb), lo, hi)
                      - ratings[j]);
          seTrained +=
              sq(
                  Scoring.predictedRating(
                          Scoring.score(e.userVectors()[u], e.userBias()[u], mv, mb), lo, hi)
                      - ratings[j]);
          n++;
        }
      }
      out.printf(
          "lambda %.1f: held-out RMSE fold-in %.3f, prior only %.3f, trained vector %.3f%n",
          lambda, Math.sqrt(seFold / n), Math.sqrt(sePrior / n), Math.sqrt(seTrained / n));
    }
  }

  private static double sq(double x) {
    return x * x;
  }
}
