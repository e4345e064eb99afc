package io.peervoice.signaling.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The network an address belongs to for routing-table diversity: its IPv4 /24 or its IPv6 /48 (the
 * usual smallest allocation to one site, RFC 6177). IPv4-mapped IPv6 addresses count as IPv4.
 *
 * @param prefix the first 3 (IPv4) or 6 (IPv6) bytes of the address
 */
public record Subnet(byte[] prefix) {

  public Subnet {
    if (prefix.length != 3 && prefix.length != 6) {
      throw new IllegalArgumentException("a subnet prefix is 3 (IPv4) or 6 (IPv6) bytes");
    }
    prefix = prefix.clone();
  }

  /** The subnet of {@code address}. */
  public static Subnet of(InetSocketAddress address) {
    return of(address.getAddress());
  }

  /** The subnet of {@code address}. */
  public static Subnet of(InetAddress address) {
    byte[] ip = address.getAddress();
    return new Subnet(Arrays.copyOf(ip, ip.length == 4 ? 3 : 6));
  }

  @Override
  public byte[] prefix() {
    return prefix.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subnet s && Arrays.equals(s.prefix, prefix);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(prefix);
  }

  @Override
  public String toString() {
    if (prefix.length == 3) {
      return (prefix[0] & 0xFF) + "." + (prefix[1] & 0xFF) + "." + (prefix[2] & 0xFF) + ".0/24";
    }
    return String.format(
        "%x:%x:%x::/48",
        ((prefix[0] & 0xFF) << 8) | (prefix[1] & 0xFF),
        ((prefix[2] & 0xFF) << 8) | (prefix[3] & 0xFF),
        ((prefix[4] & 0xFF) << 8) | (prefix[5] & 0xFF));
  }
}
