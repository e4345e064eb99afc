package io.peervoice.demo;

import io.peervoice.media.codec.ComplexityAdaptation;
import io.peervoice.sdk.Phone;
import io.peervoice.sdk.PhoneConfig;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.IncomingLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every phone command takes: who we are and where the overlay is. */
final class PhoneOptions {
  @Option(names = "--id-file", required = true, paramLabel = "FILE", description = "Our identity.")
  Path idFile;

  @Option(
      names = "--bootstrap",
      required = true,
      split = ",",
      converter = HostPort.class,
      paramLabel = "HOST:PORT",
      description = "Rendezvous nodes to attach through.")
  List<InetSocketAddress> bootstrap;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the call report as JSON.")
  Path json;

  @Option(
      names = "--contacts",
      paramLabel = "FILE",
      description =
          "PeerIds (one a line, '#' comments) whose calls get ICE while ringing; everyone else"
              + " learns no address of ours and gets no ICE check until we answer.")
  Path contactsFile;

  @Option(
      names = "--keepalive",
      paramLabel = "SECONDS",
      converter = Keepalive.class,
      description =
          "Ping each rendezvous node every SECONDS (1..30, default 25: below common NAT timeouts,"
              + " so a phone's radio can sleep). Calls reach us while any of our nodes lives;"
              + " if all die we are reachable again about one keepalive later.")
  Duration keepalive;

  @Option(
      names = "--ready-timeout",
      paramLabel = "SECONDS",
      converter = ReadyTimeout.class,
      description =
          "How long to wait for a rendezvous node to take us in before giving up with exit 3"
              + " (1..120, default 5; listen and call also wait this long, instead of 3, for a"
              + " node's first answer); raise it on a slow link, e.g. TLS through a proxy.")
  Duration readyTimeout;

  @Option(
      names = "--max-calls",
      paramLabel = "N",
      description =
          "Hold at most N calls at once, in and out (1.."
              + PhoneConfig.MAX_CALLS_LIMIT
              + "; default "
              + PhoneConfig.DEFAULT_MAX_CALLS
              + "); an incoming call beyond it is answered busy. Also the cap on incoming"
              + " calls at once (default 4).")
  Integer maxCalls;

  @Option(
      names = "--adaptive-complexity",
      paramLabel = "on|off",
      converter = ProcessingOptions.OnOff.class,
      description =
          "Step calls' Opus complexity down (to 5 at the lowest) while a media loop is overloaded,"
              + " and back up once it is not: degrade rather than glitch (default on).")
  String adaptiveComplexity;

  // S5 overlay
  @Option(
      names = "--node-tcp-port",
      paramLabel = "PORT",
      description =
          "Reach the bootstrap nodes over TCP on PORT when UDP to them gets no answer (default:"
              + " each node's UDP port number; 0: no TCP).")
  Integer nodeTcpPort;

  @Option(
      names = "--node-tls-port",
      paramLabel = "PORT",
      description =
          "Reach them over TLS on PORT, dialled 250 ms after TCP (default: 443; 0: no TLS)."
              + " Both 0: UDP only.")
  Integer nodeTlsPort;

  // S5 xfer
  @Option(
      names = "--allow-transfer",
      paramLabel = "never|contacts|always",
      converter = TransferCli.Policy.class,
      description =
          "Whose transfer requests this phone honours (calling the target it names), and whose"
              + " replacing calls it takes (default contacts: only peers in --contacts).")
  io.peervoice.signaling.call.TransferPolicy allowTransfer =
      io.peervoice.signaling.call.TransferPolicy.CONTACTS;

  @picocli.CommandLine.Mixin NetworkOptions network = new NetworkOptions();

  private Set<PeerId> contacts = Set.of();

  /**
   * Checks {@code --max-calls} and reads {@code --contacts}; returns a one-line error for the user,
   * or null if both are fine.
   */
  String loadContacts() {
    String badMaxCalls = maxCallsError();
    if (badMaxCalls != null) {
      return badMaxCalls;
    }
    String badNodePorts = nodePortsError();
    if (badNodePorts != null) {
      return badNodePorts;
    }
    if (contactsFile == null) {
      return null;
    }
    try {
      contacts = ContactsFile.read(contactsFile);
      return null;
    } catch (IOException e) {
      return "cannot read --contacts " + contactsFile + ": " + e.getMessage();
    } catch (IllegalArgumentException e) {
      return "--contacts " + e.getMessage();
    }
  }

  /** What is wrong with {@code --node-tcp-port}/{@code --node-tls-port}, in one line, or null. */
  String nodePortsError() {
    String bad = portError("--node-tcp-port", nodeTcpPort);
    return bad != null ? bad : portError("--node-tls-port", nodeTlsPort);
  }

  private static String portError(String option, Integer port) {
    if (port != null && (port < 0 || port > 0xFFFF)) {
      return option + " must be 0 (none) or 1..65535, got " + port;
    }
    return null;
  }

  /** The stream routes the options ask for; null when neither is given (the phone's default). */
  List<io.peervoice.signaling.StreamRoute> streamRoutes() {
    if (nodeTcpPort == null && nodeTlsPort == null) {
      return null;
    }
    List<io.peervoice.signaling.StreamRoute> routes = new java.util.ArrayList<>();
    for (InetSocketAddress node : bootstrap) {
      int tcp = nodeTcpPort == null ? node.getPort() : nodeTcpPort;
      int tls =
          nodeTlsPort == null ? io.peervoice.signaling.StreamRoute.DEFAULT_TLS_PORT : nodeTlsPort;
      if (tcp != 0 || tls != 0) {
        routes.add(io.peervoice.signaling.StreamRoute.of(node, tcp, tls));
      }
    }
    return routes;
  }

  /** Each node's UDP address with a TCP/TLS address of it a phone would dial (the defaults too). */
  List<BootstrapProbe.StreamTarget> streamTargets() {
    List<io.peervoice.signaling.StreamRoute> routes = streamRoutes();
    if (routes == null) {
      routes = bootstrap.stream().map(io.peervoice.signaling.StreamRoute::assumed).toList();
    }
    List<BootstrapProbe.StreamTarget> targets = new java.util.ArrayList<>();
    for (io.peervoice.signaling.StreamRoute r : routes) {
      if (r.tcpPort() != 0) {
        targets.add(
            new BootstrapProbe.StreamTarget(
                r.node(), new InetSocketAddress(r.node().getAddress(), r.tcpPort()), false));
      }
      if (r.tlsPort() != 0) {
        targets.add(
            new BootstrapProbe.StreamTarget(
                r.node(), new InetSocketAddress(r.node().getAddress(), r.tlsPort()), true));
      }
    }
    return targets;
  }

  /** What is wrong with {@code --max-calls}, in one line, or null. */
  String maxCallsError() {
    if (maxCalls != null && (maxCalls < 1 || maxCalls > PhoneConfig.MAX_CALLS_LIMIT)) {
      return "--max-calls must be between 1 and "
          + PhoneConfig.MAX_CALLS_LIMIT
          + ", got "
          + maxCalls;
    }
    return null;
  }

  PhoneConfig.Builder builder() throws IOException {
    PhoneConfig.Builder b =
        Phone.builder(Identity.load(idFile))
            .bootstrap(bootstrap)
            .contacts(contacts)
            .transfers(allowTransfer)
            .ice(network.ice());
    if (streamRoutes() != null) {
      b.streamRoutes(streamRoutes());
    }
    if ("off".equals(adaptiveComplexity)) {
      b.complexityAdaptation(ComplexityAdaptation.off());
    }
    if (maxCalls != null) { // the incoming cap follows, so `listen --max-calls 50` takes 50 calls
      b.maxCalls(maxCalls).incomingLimits(IncomingLimits.defaults().withMaxCalls(maxCalls));
    }
    if (readyTimeout != null) {
      b.readyTimeout(readyTimeout);
    }
    return keepalive == null ? b : b.keepalive(keepalive);
  }

  /** The phone's ready timeout: {@code --ready-timeout}, or the SDK's default. */
  Duration attachTimeout() {
    return readyTimeout == null ? PhoneConfig.DEFAULT_READY_TIMEOUT : readyTimeout;
  }

  /** How long the preflight waits for a node's first answer: {@code --ready-timeout} if given. */
  Duration probeTimeout() {
    return readyTimeout == null ? BootstrapProbe.TIMEOUT : readyTimeout;
  }

  /** Parses whole seconds, 1 to 120. */
  static final class ReadyTimeout implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Duration.ofSeconds(seconds("--ready-timeout", value, 120));
    }
  }

  /** Parses whole seconds, 1 to 30. */
  static final class Keepalive implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Duration.ofSeconds(seconds("--keepalive", value, 30));
    }
  }

  /** Whole seconds, 1 to {@code max}, or a one-line conversion error naming {@code option}. */
  private static int seconds(String option, String value, int max) {
    int seconds;
    try {
      seconds = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > max) {
      throw new CommandLine.TypeConversionException(
          option + " must be 1.." + max + " seconds, got '" + value + "'");
    }
    return seconds;
  }
}
