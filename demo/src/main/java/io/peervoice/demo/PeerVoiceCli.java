package io.peervoice.demo;

import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusLibraryRequest;
import java.util.List;
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
      "  peervoice probe PEER_ID --id-file alice.id --bootstrap 127.0.0.1:7400",
      "  peervoice call --help                   # a command's options and examples",
      "",
      "Exit codes: 0 ok, 1 internal error, 2 bad invocation, file or identity,",
      "3 no rendezvous node answered, 4 callee unreachable, 5 not answered,",
      "6 media failed, 7 no audio, 8 local device failed, 130 interrupted."
    })
public final class PeerVoiceCli implements Runnable {
  /**
   * The subcommands, in the order help lists them. Not in the {@code @Command} annotation: picocli
   * builds the model of every command it is given (reflection over each option, mixin and
   * subcommand, about half a second in a fresh JVM for the whole tree), so a run builds only the
   * command it runs ({@link #newCommandLine(String...)}).
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          DemoCommand.class,
          IdCommand.class,
          ListenCommand.class,
          CallCommand.class,
          ProbeCommand.class, // S6 presence
          NodeCommand.class,
          BenchCommand.class,
          DoctorCommand.class,
          DevicesCommand.class,
          LabPeerCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    LaunchTimes.markMain();
    StopSignals.install();
    String opusProblem = opusSettingsProblem();
    if (opusProblem != null) {
      System.err.println("peervoice: " + opusProblem);
      System.exit(ExitCodes.BAD_INVOCATION);
    }
    int code = newCommandLine(args).execute(args);
    trainDtls();
    StopSignals.commandFinished();
    io.peervoice.media.processing.AudioProcessors.beforeExit();
    System.exit(code);
  }

  /**
   * What is wrong with the libopus that {@code -Dpeervoice.opus.library} or {@code
   * PEERVOICE_OPUS_LIBRARY} names, or null: a wrong path fails at start, not at the first call.
   */
  static String opusSettingsProblem() {
    String setting =
        System.getProperty(OpusLibraryRequest.PROPERTY) != null
            ? "-D" + OpusLibraryRequest.PROPERTY
            : OpusLibraryRequest.ENVIRONMENT;
    try {
      OpusLibraryRequest.fromSettings().file().ifPresent(OpusCodec::checkLibraryFile);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (CodecException e) {
      return setting + ": " + e.getMessage();
    }
  }

  /**
   * A system property: when {@code true}, every run builds the whole tree. The build's class data
   * sharing training run ({@code demo/pom.xml}) sets it, so that the archive holds every command's
   * classes, not only {@code demo}'s.
   */
  static final String ALL_COMMANDS = "peervoice.cli.allCommands";

  /**
   * S7 lean: the class data sharing training run ({@link #ALL_COMMANDS}) also runs one DTLS-SRTP
   * handshake in memory, so that the archive holds Bouncy Castle's TLS classes: a phone loads them
   * only at its first WebRTC call (its lazy DTLS warm-up), and then from the archive. S10: and one
   * TLS handshake of the overlay's stream fallback ({@link
   * io.peervoice.signaling.SignalingWarmUp#streams}), so that a peer whose network drops UDP finds
   * the JDK's TLS classes (~490, about a third of its attach's CPU in a fresh JVM) in the archive
   * too.
   */
  private static void trainDtls() {
    if (Boolean.getBoolean(ALL_COMMANDS)) {
      if (io.peervoice.signaling.SignalingWarmUp.streams() == null) {
        System.err.println("peervoice: the training's TLS stream handshake failed");
      }
      try {
        io.peervoice.session.dtls.DtlsWarmUp.run(new java.security.SecureRandom());
      } catch (java.io.IOException | RuntimeException e) {
        System.err.println("peervoice: the training's DTLS handshake failed: " + e);
      }
    }
  }

  /** The whole command tree: for help, completion and tests. */
  static CommandLine newCommandLine() {
    return withSubcommands(SUBCOMMANDS);
  }

  /**
   * The tree a run of {@code args} needs: when the first argument names a subcommand, only that one
   * (it parses and behaves the same: nothing of a command refers to its siblings); otherwise (no
   * arguments, {@code --help}, {@code --version}, a mistyped name) the whole tree, so help and the
   * error for an unknown command list every subcommand.
   */
  static CommandLine newCommandLine(String... args) {
    if (args.length > 0 && !Boolean.getBoolean(ALL_COMMANDS)) {
      for (Class<?> c : SUBCOMMANDS) {
        if (c.getAnnotation(Command.class).name().equals(args[0])) {
          return withSubcommands(List.of(c));
        }
      }
    }
    return newCommandLine();
  }

  private static CommandLine withSubcommands(List<Class<?>> subcommands) {
    CommandLine cli = new CommandLine(new PeerVoiceCli());
    for (Class<?> c : subcommands) {
      cli.addSubcommand(c);
    }
    return CliErrors.install(cli);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
