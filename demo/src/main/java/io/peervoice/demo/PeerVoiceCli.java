package io.peervoice.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code peervoice} command line. */
@Command(
    name = "peervoice",
    mixinStandardHelpOptions = true,
    version = "peervoice 0.1.0",
    description = "Peer-to-peer voice calls: demo, rendezvous node and call client.",
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
    StopSignals.install();
    int code = newCommandLine().execute(args);
    StopSignals.commandFinished();
    System.exit(code);
  }

  static CommandLine newCommandLine() {
    return new CommandLine(new PeerVoiceCli());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
