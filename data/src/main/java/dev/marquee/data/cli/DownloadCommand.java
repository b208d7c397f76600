package dev.marquee.data.cli;

import dev.marquee.core.cli.ExitCode;
import dev.marquee.core.cli.Exits;
import dev.marquee.data.MovieLensDownloader;
import dev.marquee.data.MovieLensDownloader.Known;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code data download}: fetch, verify and unpack a MovieLens zip. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Download <dataset>.zip, check its pinned SHA-256 and unpack it to DIR/<dataset>.",
      "Nothing is left behind on failure; an existing DIR/<dataset> is kept as is."
    })
@Exits({ExitCode.DOWNLOAD, ExitCode.DATA, ExitCode.IO})
public final class DownloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME",
      description = "One of: ml-100k, ml-1m, ml-latest-small, ml-25m.")
  String dataset;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "Folder to unpack into; the dataset lands in DIR/NAME.")
  Path dir;

  @Option(
      names = "--url-base",
      paramLabel = "URL",
      defaultValue = "https://files.grouplens.org/datasets/movielens/",
      description = "Folder URL holding NAME.zip (mirrors, tests); default ${DEFAULT-VALUE}.")
  String urlBase;

  @Override
  public Integer call() throws Exception {
    Known known;
    try {
      known = Known.byId(dataset);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--dataset': " + e.getMessage());
    }
    URI base;
    try {
      base = new URI(urlBase);
      if (base.getScheme() == null
          || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
        throw new URISyntaxException(urlBase, "must be an http or https URL");
      }
    } catch (URISyntaxException e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--url-base': " + e.getMessage());
    }
    Path target = dir.resolve(known.id());
    if (MovieLensDownloader.present(known, dir)) {
      spec.commandLine()
          .getOut()
          .println(known.id() + " already present at " + target + "; nothing downloaded");
      return ExitCode.OK.code();
    }
    try (HttpClient client = MovieLensDownloader.defaultClient()) {
      MovieLensDownloader d = new MovieLensDownloader(client, base, spec.commandLine().getErr());
      Path out = d.download(known, dir);
      spec.commandLine()
          .getOut()
          .println(known.id() + " downloaded, verified and unpacked to " + out);
    }
    return ExitCode.OK.code();
  }
}
