package io.peervoice.demo;

import picocli.CommandLine.Command;

/** {@code peervoice bench}: measurements of the engine's parts. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure parts of the engine.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench overlay --nodes 200 --json overlay.json",
      "  peervoice bench jitter --trace lan.csv --json jitter.json",
      "  peervoice bench aec --far far.wav --near near.wav --rir room.wav",
      "  peervoice bench abuse --json abuse.json",
      "  peervoice bench calls --calls 10 --seconds 30 --json calls.json",
      "  peervoice bench setup --runs 3 --json setup.json",
      "  peervoice bench node-capacity --peers 100000 --json capacity.json",
      "  peervoice bench conference --participants 4 --seconds 40 --json conf.json"
    },
    subcommands = {
      JitterBenchCommand.class,
      AecBenchCommand.class,
      OverlayBenchCommand.class,
      AbuseBenchCommand.class,
      CallsBenchCommand.class,
      SetupBenchCommand.class,
      CallsPeerCommand.class,
      NodeCapacityBenchCommand.class,
      NodeCapacityPeersCommand.class,
      ConferenceBenchCommand.class
    })
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
