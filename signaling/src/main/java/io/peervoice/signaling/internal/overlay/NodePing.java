package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.Msg;
import java.io.IOException;
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
  /** The outcome; {@code step} names the first step without an answer, or is null. */
  public record Outcome(
      String step, long roundTripMicros, PeerId nodeId, InetSocketAddress observed) {}

  private NodePing() {}

  public static Outcome run(InetSocketAddress node, int waitMillis, SecureRandom random)
      throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      String failed = AbuseProbes.proofFailure(s, node, waitMillis);
      if (failed != null) {
        return new Outcome(failed, -1, null, null);
      }
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      long start = System.nanoTime();
      Msg reply = AbuseProbes.ask(s, node, new Msg.Ping(3, nonce, new byte[0]), waitMillis);
      long micros = (System.nanoTime() - start) / 1_000;
      if (!(reply instanceof Msg.Pong p)) {
        return new Outcome("PING", -1, null, null);
      }
      PeerId id = NodeVerifier.provenBy(p, nonce);
      InetSocketAddress observed =
          new InetSocketAddress(InetAddress.getByAddress(p.observedIp()), p.observedPort());
      return new Outcome(id == null ? "node id proof" : null, micros, id, observed);
    }
  }
}
