package io.peervoice.nat;

/**
 * ICE candidate types (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-5.1.1">§5.1.1</a>).
 */
public enum CandidateType {
  /** An address on a local interface. */
  HOST("host"),
  /** The address a STUN server saw (our NAT's public mapping). */
  SERVER_REFLEXIVE("srflx"),
  /** An address learned from a peer's connectivity check. */
  PEER_REFLEXIVE("prflx"),
  /** An address allocated on a TURN server. */
  RELAYED("relay");

  private final String sdpName;

  CandidateType(String sdpName) {
    this.sdpName = sdpName;
  }

  /** The {@code typ} token of the SDP candidate attribute (RFC 8839 §5.1). */
  public String sdpName() {
    return sdpName;
  }

  /**
   * Parses an SDP {@code typ} token.
   *
   * @throws IllegalArgumentException for an unknown token
   */
  public static CandidateType fromSdpName(String name) {
    for (CandidateType t : values()) {
      if (t.sdpName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown candidate type: " + name);
  }
}
