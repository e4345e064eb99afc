package io.peervoice.session.dtls;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceRole;
import io.peervoice.session.KeyingPath;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One end of an in-memory path between two keying strategies: what one end sends, the other's
 * handler receives at once (on the sender's thread). The first {@code dropFirst} datagrams this end
 * sends are lost.
 */
final class PipePath implements KeyingPath {
  private volatile PipePath other;
  private volatile DatagramHandler handler;
  private final AtomicInteger toDrop;
  final AtomicInteger sent = new AtomicInteger();
  final AtomicInteger dropped = new AtomicInteger();

  private PipePath(int dropFirst) {
    this.toDrop = new AtomicInteger(dropFirst);
  }

  /** Two connected ends; {@code [0]} loses its first {@code dropFirst} datagrams. */
  static PipePath[] pair(int dropFirst) {
    PipePath a = new PipePath(dropFirst);
    PipePath b = new PipePath(0);
    a.other = b;
    b.other = a;
    return new PipePath[] {a, b};
  }

  @Override
  public IceRole iceRole() {
    return IceRole.CONTROLLING;
  }

  @Override
  public int iceRestarts() {
    return 0;
  }

  @Override
  public IceCandidate localCandidate() {
    return null;
  }

  @Override
  public IceCandidate remoteCandidate() {
    return null;
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    sent.incrementAndGet();
    if (toDrop.getAndDecrement() > 0) {
      dropped.incrementAndGet();
      return;
    }
    DatagramHandler h = other.handler;
    if (h != null) {
      byte[] copy = new byte[length];
      System.arraycopy(data, offset, copy, 0, length);
      h.onDatagram(copy, 0, length);
    }
  }

  @Override
  public void receive(DatagramHandler handler) {
    this.handler = handler;
  }
}
