package io.peervoice.nat.internal.stun;

import java.net.InetSocketAddress;

/**
 * Where our STUN code puts its datagrams: the selected pair's local socket (for a loop path, its
 * {@code DatagramPort::send}). Called on the STUN code's scheduler thread; the bytes may be reused
 * after the call returns, so an implementation copies what it queues. Must not throw for an
 * ordinary send failure (a lost datagram is what UDP does anyway).
 */
@FunctionalInterface
public interface Sender {
  /** Sends {@code length} bytes of {@code data} from {@code offset} to {@code to}. */
  void send(byte[] data, int offset, int length, InetSocketAddress to);
}
