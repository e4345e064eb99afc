package io.peervoice.demo;

import picocli.CommandLine.Command;

/** {@code peervoice bench}: measurements of the engine's parts. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure parts of the engine.",
    subcommands = {JitterBenchCommand.class, OverlayBenchCommand.class, AbuseBenchCommand.class})
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
