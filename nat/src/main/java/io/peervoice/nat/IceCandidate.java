package io.peervoice.nat;

import java.util.Objects;

/**
 * One UDP ICE candidate as exchanged in signaling (RFC 8445 §5.1, SDP form RFC 8839 <a
 * href="https://www.rfc-editor.org/rfc/rfc8839#section-5.1">§5.1</a>).
 *
 * @param foundation the foundation, 1 to 32 ice-chars
 * @param component component id, 1 for RTP
 * @param priority candidate priority (RFC 8445 §5.1.2)
 * @param address IP address literal
 * @param port UDP port
 * @param type candidate type
 * @param relatedAddress base address for reflexive and relayed candidates, else {@code null}
 * @param relatedPort base port, or 0
 */
public record IceCandidate(
    String foundation,
    int component,
    long priority,
    String address,
    int port,
    CandidateType type,
    String relatedAddress,
    int relatedPort) {

  public IceCandidate {
    Objects.requireNonNull(foundation, "foundation");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(type, "type");
    if (foundation.isEmpty() || foundation.length() > 32) {
      throw new IllegalArgumentException("foundation must be 1..32 chars: " + foundation);
    }
    if (component < 1 || component > 256) {
      throw new IllegalArgumentException("component must be 1..256: " + component);
    }
    if (priority < 1 || priority > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("priority must be 1..2^32-1: " + priority);
    }
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    if (relatedPort < 0 || relatedPort > 0xFFFF) {
      throw new IllegalArgumentException("related port must be 0..65535: " + relatedPort);
    }
  }

  /**
   * The SDP attribute value, e.g. {@code candidate:1 1 udp 2130706431 192.0.2.2 50000 typ host}.
   */
  public String toSdp() {
    String base =
        "candidate:%s %d udp %d %s %d typ %s"
            .formatted(foundation, component, priority, address, port, type.sdpName());
    return relatedAddress == null
        ? base
        : base + " raddr " + relatedAddress + " rport " + relatedPort;
  }

  /**
   * Parses the SDP attribute value written by {@link #toSdp()} (with or without the {@code a=}
   * prefix); extension attributes after the related address are ignored. The address and related
   * address must be IP literals ({@link IpLiteral}): a host name is refused, never resolved.
   *
   * @throws IllegalArgumentException naming the field that is malformed
   */
  public static IceCandidate parseSdp(String sdp) {
    String text = sdp.strip();
    if (text.startsWith("a=")) {
      text = text.substring(2);
    }
    if (!text.startsWith("candidate:")) {
      throw new IllegalArgumentException("not a candidate attribute: " + sdp);
    }
    String[] f = text.substring("candidate:".length()).split(" +");
    if (f.length < 8 || !"typ".equals(f[6])) {
      throw new IllegalArgumentException("candidate needs 8 fields ending in 'typ TYPE': " + sdp);
    }
    if (!"udp".equalsIgnoreCase(f[2])) {
      throw new IllegalArgumentException("only UDP candidates are supported: " + f[2]);
    }
    String raddr = null;
    int rport = 0;
    for (int i = 8; i + 1 < f.length; i += 2) {
      if ("raddr".equals(f[i])) {
        raddr = f[i + 1];
      } else if ("rport".equals(f[i])) {
        rport = parseInt(f[i + 1], "rport");
      }
    }
    if (!IpLiteral.isIpLiteral(f[4]) || (raddr != null && !IpLiteral.isIpLiteral(raddr))) {
      throw new IllegalArgumentException("candidate addresses must be IP literals: " + sdp);
    }
    return new IceCandidate(
        f[0],
        parseInt(f[1], "component"),
        parseLong(f[3], "priority"),
        f[4],
        parseInt(f[5], "port"),
        CandidateType.fromSdpName(f[7]),
        raddr,
        raddr == null ? 0 : rport);
  }

  private static int parseInt(String s, String field) {
    long value = parseLong(s, field);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      // A cast would wrap 4294967297 round to 1: refuse instead of reading another port.
      throw new IllegalArgumentException("candidate " + field + " is out of range: " + s);
    }
    return (int) value;
  }

  private static long parseLong(String s, String field) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("candidate " + field + " is not a number: " + s, e);
    }
  }
}
