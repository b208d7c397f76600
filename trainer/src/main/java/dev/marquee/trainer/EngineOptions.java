package dev.marquee.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Engine flags: intra-op threads and device. Must be applied before DJL loads the engine. */
final class EngineOptions {
  /**
   * From this batch size up, {@code --threads auto} uses every core. Below it the tensors are small
   * and a second thread only busy-waits (ML-100K at batch 1024: 5-10x slower on 2 cores); at batch
   * 8192 on the ML-25M shape two threads made an epoch 24 % shorter (67 s -> 51 s, BENCHMARKS.md).
   */
  static final int PARALLEL_BATCH = 8192;

  @Option(
      names = "--threads",
      paramLabel = "N|auto",
      defaultValue = "auto",
      description =
          "PyTorch intra-op threads; auto: 1 below a batch of "
              + PARALLEL_BATCH
              + " ratings (small tensors: more threads only busy-wait), every core from there up"
              + " (default: ${DEFAULT-VALUE}).")
  String threads;

  @Option(
      names = "--device",
      paramLabel = "auto|cpu|gpu",
      defaultValue = "auto",
      description =
          "Where to train: gpu when DJL finds one (auto), or force cpu/gpu (default: ${DEFAULT-VALUE}).")
  String device;

  void validate(CommandLine cl) {
    if (!threads.equals("auto")) {
      int n;
      try {
        n = Integer.parseInt(threads.strip());
      } catch (NumberFormatException ex) {
        n = 0;
      }
      if (n < 1) {
        throw new CommandLine.ParameterException(
            cl, "--threads must be auto or a number >= 1; --threads=" + threads);
      }
    }
    if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu")) {
      throw new CommandLine.ParameterException(
          cl, "--device must be auto, cpu or gpu; --device=" + device);
    }
  }

  /** The intra-op thread count for steps of {@code batchSize} ratings. */
  int threads(int batchSize) {
    if (!threads.equals("auto")) {
      return Integer.parseInt(threads.strip());
    }
    return batchSize >= PARALLEL_BATCH ? Runtime.getRuntime().availableProcessors() : 1;
  }

  /**
   * Sets the thread properties for steps of {@code batchSize} ratings (unless the JVM was started
   * with them and {@code --threads} is not given) and picks the device.
   */
  Device start(CommandLine cl, int batchSize) {
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    if (System.getProperty("ai.djl.pytorch.num_threads") == null
        || cl.getParseResult().hasMatchedOption("--threads")) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads(batchSize)));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    Engine engine = Engine.getEngine("PyTorch");
    int gpus = engine.getGpuCount();
    return switch (device) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpus == 0) {
          throw new CommandLine.ParameterException(
              cl,
              "--device gpu: DJL finds no GPU (the CPU build of libtorch is on the classpath?)");
        }
        yield Device.gpu();
      }
      default -> gpus > 0 ? Device.gpu() : Device.cpu();
    };
  }
}
