package io.peervoice.session.internal.dtls;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceRole;
import io.peervoice.session.KeyingPath;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A keying path whose sends go to a consumer (another association, or a recorder). */
final class Wire implements KeyingPath {
  final List<byte[]> sent = new CopyOnWriteArrayList<>();
  private volatile Consumer<byte[]> to = d -> {};

  void to(Consumer<byte[]> to) {
    this.to = to;
  }

  @Override
  public IceRole iceRole() {
    return IceRole.CONTROLLED;
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
  public void send(byte[] data, int offset, int length) {
    byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
    sent.add(copy);
    to.accept(copy);
  }

  @Override
  public void receive(DatagramHandler handler) {}

  /** Datagrams in a fuzz input: each a 2-byte big-endian length and that many bytes, at most 8. */
  static List<byte[]> datagrams(byte[] data) {
    List<byte[]> out = new java.util.ArrayList<>();
    int at = 0;
    while (at + 2 <= data.length && out.size() < 8) {
      int n = ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
      at += 2;
      n = Math.min(n, data.length - at);
      out.add(java.util.Arrays.copyOfRange(data, at, at + n));
      at += n;
    }
    return out;
  }

  /** The fuzz-input form of {@code datagrams}. */
  static byte[] encode(List<byte[]> datagrams) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] d : datagrams) {
      out.write(d.length >> 8);
      out.write(d.length);
      out.writeBytes(d);
    }
    return out.toByteArray();
  }
}
