package dev.marquee.core;

import java.util.List;

/**
 * A trained model as the indexer and server need it, without DJL: manifest, tower outputs and
 * feature tables, movie metadata and user features (index-aligned with the embeddings' ids), and
 * every rating of the dataset.
 */
public record ModelArtifact(
    Manifest manifest,
    Embeddings embeddings,
    List<MovieInfo> movies,
    List<UserInfo> users,
    RatingLog ratings) {
  public ModelArtifact {
    movies = List.copyOf(movies);
    users = List.copyOf(users);
    if (movies.size() != embeddings.movieIds().length
        || users.size() != embeddings.userIds().length) {
      throw new IllegalArgumentException(
          embeddings.movieIds().length
              + " movie ids but "
              + movies.size()
              + " movies; "
              + embeddings.userIds().length
              + " user ids but "
              + users.size()
              + " users");
    }
    if (ratings.users() != users.size()) {
      throw new IllegalArgumentException(
          "rating log has " + ratings.users() + " users, expected " + users.size());
    }
    for (int i = 0; i < movies.size(); i++) {
      if (movies.get(i).id() != embeddings.movieIds()[i]) {
        throw new IllegalArgumentException(
            "movie "
                + i
                + " has id "
                + movies.get(i).id()
                + " but embedding id "
                + embeddings.movieIds()[i]);
      }
    }
    for (int i = 0; i < users.size(); i++) {
      if (users.get(i).id() != embeddings.userIds()[i]) {
        throw new IllegalArgumentException(
            "user "
                + i
                + " has id "
                + users.get(i).id()
                + " but embedding id "
                + embeddings.userIds()[i]);
      }
    }
  }

  /** The model id from the manifest. */
  public String modelId() {
    return manifest.modelId();
  }
}
