package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;

/**
 * The part of a source address that one host controls: an IPv4 address (/32) or an IPv6 /64 (the
 * smallest prefix an ISP hands out). Limits and quotas are kept per prefix, across ports, so a
 * flood from many ports of one host counts once.
 *
 * @param bits the IPv4 address, or the first 64 bits of the IPv6 address
 * @param v6 whether this is an IPv6 /64
 */
record IpPrefix(long bits, boolean v6) {

  static IpPrefix of(InetSocketAddress address) {
    byte[] ip = address.getAddress().getAddress();
    int n = ip.length == 4 ? 4 : 8;
    long bits = 0;
    for (int i = 0; i < n; i++) {
      bits = (bits << 8) | (ip[i] & 0xFF);
    }
    return new IpPrefix(bits, ip.length != 4);
  }

  /**
   * S8 tel: the network of {@code address}: its first {@code v4Bits} bits for IPv4 (e.g. 24), its
   * first {@code v6Bits} bits for IPv6 (at most 64, e.g. 64 or 48). A bound per network counts the
   * hosts of one provider's block together, however many addresses they use.
   *
   * @throws IllegalArgumentException unless 1 &le; v4Bits &le; 32 and 1 &le; v6Bits &le; 64
   */
  static IpPrefix network(InetSocketAddress address, int v4Bits, int v6Bits) {
    if (v4Bits < 1 || v4Bits > 32 || v6Bits < 1 || v6Bits > 64) {
      throw new IllegalArgumentException("a network prefix is 1..32 bits (IPv4), 1..64 (IPv6)");
    }
    IpPrefix p = of(address);
    int dropped = p.v6 ? 64 - v6Bits : 32 - v4Bits;
    long mask = dropped == 0 ? -1L : ~((1L << dropped) - 1);
    return new IpPrefix(p.bits & mask, p.v6);
  }
}
