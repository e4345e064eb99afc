package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * What a peer does first with a node, once: the address proof (HELLO, COOKIE, HELLO with the
 * cookie, OK), then a PING with a nonce, whose PONG proves the node's id and tells the address the
 * node saw. For {@code peervoice doctor}.
 */
public final class NodePing {
  private static final WireCodec CODEC = new WireCodec();

  /** The outcome; {@code step} names the first step without an answer, or is null. */
  public record Outcome(
      String step, long roundTripMicros, PeerId nodeId, InetSocketAddress observed) {}

  private NodePing() {}

  public static Outcome run(InetSocketAddress node, int waitMillis, SecureRandom random)
      throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      byte[] hello = CODEC.encode(new Msg.Hello(1, new byte[0], new byte[48]));
      s.send(new DatagramPacket(hello, hello.length, node));
      if (!(AbuseProbes.receive(s, waitMillis) instanceof Msg.CookieReply c)) {
        return new Outcome("HELLO", -1, null, null);
      }
      byte[] echo = CODEC.encode(new Msg.Hello(2, c.cookie(), new byte[0]));
      s.send(new DatagramPacket(echo, echo.length, node));
      if (!(AbuseProbes.receive(s, waitMillis) instanceof Msg.Status st && st.code() == 0)) {
        return new Outcome("HELLO with cookie", -1, null, null);
      }
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      byte[] ping = CODEC.encode(new Msg.Ping(3, nonce, new byte[0]));
      long start = System.nanoTime();
      s.send(new DatagramPacket(ping, ping.length, node));
      Msg reply = AbuseProbes.receive(s, waitMillis);
      long micros = (System.nanoTime() - start) / 1_000;
      if (!(reply instanceof Msg.Pong p)) {
        return new Outcome("PING", -1, null, null);
      }
      PeerId id = NodeVerifier.verify(p.nodeKey(), nonce, p.signature());
      InetSocketAddress observed =
          new InetSocketAddress(InetAddress.getByAddress(p.observedIp()), p.observedPort());
      return new Outcome(id == null ? "node id proof" : null, micros, id, observed);
    }
  }
}
