package io.peervoice.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code peervoice} command line. */
@Command(
    name = "peervoice",
    mixinStandardHelpOptions = true,
    version = "peervoice 0.1.0",
    description = "Peer-to-peer voice calls: demo, rendezvous node and call client.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice demo                          # a whole call in one process",
      "  peervoice node --listen 127.0.0.1:7400  # a rendezvous node",
      "  peervoice id new --id-file bob.id       # an identity; prints its PeerId",
      "  peervoice listen --id-file bob.id --bootstrap 127.0.0.1:7400 --auto-answer",
      "  peervoice call PEER_ID --id-file alice.id --bootstrap 127.0.0.1:7400",
      "  peervoice call --help                   # a command's options and examples",
      "",
      "Exit codes: 0 ok, 1 internal error, 2 bad invocation, file or identity,",
      "3 no rendezvous node answered, 4 callee unreachable, 5 not answered,",
      "6 media failed, 7 no audio, 8 local device failed, 130 interrupted."
    },
    subcommands = {
      DemoCommand.class,
      IdCommand.class,
      ListenCommand.class,
      CallCommand.class,
      NodeCommand.class,
      BenchCommand.class,
      DoctorCommand.class,
      LabPeerCommand.class
    })
public final class PeerVoiceCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    LaunchTimes.markMain();
    StopSignals.install();
    int code = newCommandLine().execute(args);
    StopSignals.commandFinished();
    System.exit(code);
  }

  static CommandLine newCommandLine() {
    return CliErrors.install(new CommandLine(new PeerVoiceCli()));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
