package dev.marquee.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Engine flags: intra-op threads and device. Must be applied before DJL loads the engine. */
final class EngineOptions {
  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "PyTorch intra-op threads (default: ${DEFAULT-VALUE}; on small tensors more threads only busy-wait).")
  int threads;

  @Option(
      names = "--device",
      paramLabel = "auto|cpu|gpu",
      defaultValue = "auto",
      description =
          "Where to train: gpu when DJL finds one (auto), or force cpu/gpu (default: ${DEFAULT-VALUE}).")
  String device;

  void validate(CommandLine cl) {
    if (threads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be >= 1; --threads=" + threads);
    }
    if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu")) {
      throw new CommandLine.ParameterException(
          cl, "--device must be auto, cpu or gpu; --device=" + device);
    }
  }

  /** Sets the thread properties (unless the JVM was started with them) and picks the device. */
  Device start(CommandLine cl) {
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    if (System.getProperty("ai.djl.pytorch.num_threads") == null
        || cl.getParseResult().hasMatchedOption("--threads")) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
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
