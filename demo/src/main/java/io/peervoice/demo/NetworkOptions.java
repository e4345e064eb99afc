package io.peervoice.demo;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.PortRange;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --ports A-B} and {@code --interface NAME}: where a phone's media may go. */
final class NetworkOptions {
  /** The fewest ports {@code --ports} takes: overlapping calls and ICE restarts each need one. */
  static final int MIN_PORTS = 8;

  @Option(
      names = "--ports",
      paramLabel = "A-B",
      converter = Ports.class,
      description =
          "Bind media (ICE host candidates) to UDP ports A..B only, e.g. 40000-40099 for a"
              + " firewall: 1024..65535, at least "
              + MIN_PORTS
              + " ports.")
  PortRange ports;

  @Option(
      names = "--interface",
      paramLabel = "NAME",
      converter = Interface.class,
      description = "Offer media candidates on this network interface only, e.g. eth0.")
  String networkInterface;

  // S6 turn
  @Option(
      names = "--port-prediction",
      description =
          "Port prediction (off by default): when a call would go through a TURN relay, one"
              + " bounded burst (256 checks and 256 short-lived sockets at most) looks for a direct"
              + " path through a symmetric NAT; the peer must have it on too. See"
              + " docs/nat-traversal.md.")
  boolean portPrediction;

  /** The ICE settings these options ask for (the defaults when none is given). */
  IceConfig ice() {
    IceConfig.Builder b = IceConfig.builder().portPrediction(portPrediction);
    if (ports != null) {
      b.portRange(ports);
    }
    if (networkInterface != null) {
      b.onlyInterface(networkInterface);
    }
    return b.build();
  }

  /** Parses {@code A-B} with 1024 <= A <= B <= 65535 and at least {@link #MIN_PORTS} ports. */
  static final class Ports implements CommandLine.ITypeConverter<PortRange> {
    @Override
    public PortRange convert(String value) {
      return parse(value);
    }

    static PortRange parse(String value) {
      String[] ends = value.split("-", -1);
      int min;
      int max;
      try {
        if (ends.length != 2) {
          throw new NumberFormatException();
        }
        min = Integer.parseInt(ends[0].trim());
        max = Integer.parseInt(ends[1].trim());
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "expected A-B (two port numbers), got '" + value + "'");
      }
      if (min < 1024 || max > 65_535 || min > max) {
        throw new CommandLine.TypeConversionException(
            "need 1024 <= A <= B <= 65535, got '" + value + "'");
      }
      if (max - min + 1 < MIN_PORTS) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' has " + (max - min + 1) + " ports; give at least " + MIN_PORTS);
      }
      return new PortRange(min, max);
    }
  }

  /** Accepts the name of an interface that is up and not loopback. */
  static final class Interface implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      List<String> usable = usable();
      if (!usable.contains(value)) {
        throw new CommandLine.TypeConversionException(
            "no usable interface '"
                + value
                + "' (up, not loopback); this machine has: "
                + (usable.isEmpty() ? "none but loopback" : String.join(", ", usable)));
      }
      return value;
    }

    /** The names of the interfaces that are up and not loopback, sorted. */
    static List<String> usable() {
      return io.peervoice.nat.LocalInterfaces.names();
    }
  }
}
