package io.peervoice.demo;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ParseResult;

/**
 * Each command's own checks of its option values, run by {@link Preflight} before the command
 * starts: ranges that depend on each other, a PeerId that must not be our own, addresses that
 * cannot be a node's.
 */
final class CommandChecks {
  static final double MAX_SECONDS = 86_400;

  private CommandChecks() {}

  /** Checks option values that need no file or device. */
  static void values(Object command, ParseResult parsed) {
    if (command instanceof CallCommand call) {
      call(call);
    } else if (command instanceof ListenCommand listen) {
      listen(listen, parsed);
    } else if (command instanceof IdCommand.New made) {
      idNew(made);
    }
  }

  /** Loads the identity the command will use, and checks what depends on it. */
  static void identity(Object command) {
    if (command instanceof CallCommand call) {
      Identity me = PathChecks.identity(call.phone.idFile, "--id-file");
      if (PeerId.parse(call.peer).equals(me.peerId())) {
        throw CliException.badInvocation(
            call.peer
                + " is our own PeerId ("
                + call.phone.idFile
                + "): a phone cannot call itself; call another identity's PeerId");
      }
      if (call.add.stream().map(PeerId::parse).anyMatch(me.peerId()::equals)) {
        throw CliException.badInvocation(
            "--add names our own PeerId (" + call.phone.idFile + "): a phone cannot call itself");
      }
      if (me.peerId().equals(call.transfer)) { // S5 xfer
        throw CliException.badInvocation(
            "--transfer names our own PeerId (" + call.phone.idFile + "): name a third peer");
      }
    } else if (command instanceof ListenCommand listen) {
      PathChecks.identity(listen.phone.idFile, "--id-file");
    } else if (command instanceof IdCommand.Show show) {
      PathChecks.identity(show.file(), "--id-file");
    }
  }

  /**
   * Asks the {@code --bootstrap} nodes of {@code call} and {@code listen} whether they are there
   * (exit 3 if none answers), the last check as the slowest (within {@link BootstrapProbe#TIMEOUT},
   * or {@code --ready-timeout}).
   */
  static void reachable(Object command) {
    PhoneOptions phone =
        command instanceof CallCommand call
            ? call.phone
            : command instanceof ListenCommand listen ? listen.phone : null;
    if (phone == null) {
      return;
    }
    List<InetSocketAddress> nodes = phone.bootstrap;
    String where = nodes.stream().map(HostPort::format).collect(Collectors.joining(", "));
    long start = System.nanoTime();
    try {
      Duration timeout = phone.probeTimeout();
      if (BootstrapProbe.firstAnswer(nodes, phone.streamTargets(), timeout).isEmpty()) {
        boolean refused = System.nanoTime() - start < timeout.toNanos();
        throw new CliException(
            CliException.NO_NODE,
            "no rendezvous node answered"
                + (refused
                    ? " (tried " + where + ": refused or unreachable)"
                    : " within " + timeout.toMillis() / 1000.0 + " s (tried " + where + ")")
                + "; check --bootstrap and that UDP (or its TCP/TLS port) reaches it (is 'peervoice"
                + " node' running?)");
      }
    } catch (IOException e) {
      throw new CliException(
          CliException.NO_NODE, "cannot reach " + where + ": " + PathChecks.reason(e), e);
    }
  }

  private static void call(CallCommand call) {
    try {
      PeerId.parse(call.peer);
    } catch (IllegalArgumentException e) {
      throw CliException.badInvocation(
          "'"
              + call.peer
              + "' is not a PeerId (32 base32 characters a-z, 2-7, as 'peervoice id show'"
              + " prints first)");
    }
    if (!(call.seconds > 0 && call.seconds <= MAX_SECONDS)) {
      throw CliException.badInvocation(
          "--seconds must be more than 0 and at most "
              + (long) MAX_SECONDS
              + ", got "
              + call.seconds);
    }
    addedPeers(call);
    if (call.transfer != null // S5 xfer
        && (!call.add.isEmpty() || call.transfer.equals(PeerId.parse(call.peer)))) {
      throw CliException.badInvocation("--transfer names a third peer, and does not go with --add");
    }
    if (call.hold != null && !(call.hold > 0 && call.hold < call.seconds)) {
      throw CliException.badInvocation(
          "--hold must be more than 0 and less than --seconds ("
              + call.seconds
              + "), got "
              + call.hold);
    }
    MissedNotes.check(call); // S6 missed
    bootstrap(call.phone.bootstrap);
    maxCalls(call.phone);
  }

  /** S5 conf: {@code --add}: PeerIds, none twice nor the callee, at most a full conference. */
  private static void addedPeers(CallCommand call) {
    java.util.Set<String> seen = new java.util.HashSet<>(List.of(call.peer));
    for (String peer : call.add) {
      try {
        PeerId.parse(peer);
      } catch (IllegalArgumentException e) {
        throw CliException.badInvocation(
            "--add '"
                + CliErrors.oneLine(peer)
                + "' is not a PeerId (32 base32 characters a-z, 2-7)");
      }
      if (!seen.add(peer)) {
        throw CliException.badInvocation(
            "--add " + peer + " is in the call already; add each peer once");
      }
    }
    if (call.add.size() + 1 > io.peervoice.sdk.Conference.MAX_LEGS) {
      throw CliException.badInvocation(
          "--add given "
              + call.add.size()
              + " times; a conference holds at most "
              + io.peervoice.sdk.Conference.MAX_LEGS
              + " calls");
    }
    if (!call.add.isEmpty() && (call.hold != null || call.dtmf != null)) {
      throw CliException.badInvocation("--add does not go with --hold or --dtmf");
    }
  }

  private static void listen(ListenCommand listen, ParseResult parsed) {
    if (parsed.hasMatchedOption("--calls") && listen.calls < 1) {
      throw CliException.badInvocation(
          "--calls must be at least 1 (leave it out to take calls until stopped), got "
              + listen.calls);
    }
    bootstrap(listen.phone.bootstrap);
    maxCalls(listen.phone);
  }

  private static void maxCalls(PhoneOptions phone) {
    String bad = phone.maxCallsError();
    if (bad == null) {
      bad = phone.nodePortsError(); // S5 overlay
    }
    if (bad != null) {
      throw CliException.badInvocation(bad);
    }
  }

  private static void bootstrap(List<InetSocketAddress> nodes) {
    for (InetSocketAddress node : nodes) {
      if (node.getPort() == 0) {
        throw CliException.badInvocation(
            "--bootstrap " + HostPort.format(node) + ": port 0 is no node's port; give HOST:PORT");
      }
      if (node.getAddress().isAnyLocalAddress()) {
        throw CliException.badInvocation(
            "--bootstrap "
                + HostPort.format(node)
                + ": the wildcard address is no node's address; give the node's host");
      }
    }
  }

  private static void idNew(IdCommand.New made) {
    java.nio.file.Path file = made.file();
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw CliException.badInvocation(file + " exists; not overwriting it");
    }
    PathChecks.writable(file, "--id-file");
  }
}
