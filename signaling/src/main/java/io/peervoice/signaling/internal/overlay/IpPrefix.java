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
}
