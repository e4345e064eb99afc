package io.peervoice.nat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * One STUN Binding request (RFC 8489) from a fresh UDP socket: the address the server saw. Unlike
 * ICE gathering, which drops a server-reflexive candidate equal to its base, this reports the
 * mapped address even when there is no NAT, so "no NAT" can be told apart from "no answer".
 *
 * @param server the server asked
 * @param local the socket's local address (its wildcard IP replaced by the route's, when known)
 * @param mapped the address the server saw
 * @param roundTripMicros request to response
 */
public record StunProbe(
    InetSocketAddress server,
    InetSocketAddress local,
    InetSocketAddress mapped,
    long roundTripMicros) {
  private static final int MAGIC = 0x2112A442;

  /**
   * Sends up to three requests ({@code wait} apart) and returns the first answer, or empty.
   *
   * @throws IOException if no UDP socket can be opened or sending fails at once
   */
  public static Optional<StunProbe> bind(InetSocketAddress server, Duration wait)
      throws IOException {
    byte[] tx = new byte[12];
    new SecureRandom().nextBytes(tx);
    ByteBuffer req = ByteBuffer.allocate(20).putShort((short) 0x0001).putShort((short) 0);
    req.putInt(MAGIC).put(tx);
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(server);
      s.setSoTimeout((int) Math.max(1, wait.toMillis()));
      byte[] buf = new byte[1500];
      for (int attempt = 0; attempt < 3; attempt++) {
        long start = System.nanoTime();
        s.send(new DatagramPacket(req.array(), 20, server));
        long deadline = start + wait.toNanos();
        while (System.nanoTime() < deadline) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          try {
            s.receive(p);
          } catch (SocketTimeoutException e) {
            break;
          }
          InetSocketAddress mapped = parse(Arrays.copyOf(buf, p.getLength()), tx);
          if (mapped != null) {
            long micros = (System.nanoTime() - start) / 1_000;
            InetSocketAddress local = (InetSocketAddress) s.getLocalSocketAddress();
            return Optional.of(new StunProbe(server, local, mapped, micros));
          }
        }
      }
      return Optional.empty();
    }
  }

  /** The XOR-MAPPED-ADDRESS (or MAPPED-ADDRESS) of a success response to {@code tx}, or null. */
  static InetSocketAddress parse(byte[] d, byte[] tx) {
    if (d.length < 20) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(d);
    int type = b.getShort() & 0xFFFF;
    int length = b.getShort() & 0xFFFF;
    if (type != 0x0101 || b.getInt() != MAGIC || 20 + length > d.length) {
      return null;
    }
    byte[] id = new byte[12];
    b.get(id);
    if (!Arrays.equals(id, tx)) {
      return null;
    }
    InetSocketAddress plain = null;
    while (b.remaining() >= 4) {
      int attr = b.getShort() & 0xFFFF;
      int len = b.getShort() & 0xFFFF;
      if (len > b.remaining()) {
        return null;
      }
      byte[] v = new byte[len];
      b.get(v);
      int pad = (4 - len % 4) % 4;
      b.position(Math.min(b.limit(), b.position() + pad));
      if (attr == 0x0020) {
        return address(v, true, tx);
      }
      if (attr == 0x0001) {
        plain = address(v, false, tx);
      }
    }
    return plain;
  }

  private static InetSocketAddress address(byte[] v, boolean xor, byte[] tx) {
    if (v.length < 8) {
      return null;
    }
    int family = v[1];
    int size = family == 1 ? 4 : family == 2 ? 16 : -1;
    if (size < 0 || v.length < 4 + size) {
      return null;
    }
    int port = ((v[2] & 0xFF) << 8) | (v[3] & 0xFF);
    byte[] ip = Arrays.copyOfRange(v, 4, 4 + size);
    if (xor) {
      port ^= MAGIC >>> 16;
      byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC).put(tx).array();
      for (int i = 0; i < size; i++) {
        ip[i] ^= mask[i];
      }
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
