package io.peervoice.nat;

/** Which IP families a session offers candidates for. */
public enum AddressPolicy {
  /** IPv4 and IPv6 (global and unique-local; never link-local). */
  BOTH,
  IPV4_ONLY,
  IPV6_ONLY
}
