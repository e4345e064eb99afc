package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.NodePing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks one rendezvous node whether it is there, the way a peer starts with it: the address proof
 * (HELLO/COOKIE), then a PING with a nonce that the node signs to prove its id. Costs the node one
 * signature.
 *
 * @param node the address asked
 * @param failedStep empty when the node answered every step; else the first step without a valid
 *     answer: {@code HELLO}, {@code HELLO with cookie}, {@code PING} or {@code node id proof}
 * @param roundTripMicros PING to PONG, or -1
 * @param nodeId the id the node proved, if it did
 * @param observed our address as the node saw it (reflexive behind a NAT), if it answered the PING
 */
public record NodeProbe(
    InetSocketAddress node,
    Optional<String> failedStep,
    long roundTripMicros,
    Optional<PeerId> nodeId,
    Optional<InetSocketAddress> observed) {

  /** Whether the node answered every step and proved its id. */
  public boolean answered() {
    return failedStep.isEmpty();
  }

  /**
   * Probes {@code node}, waiting up to {@code wait} for each answer.
   *
   * @throws IOException if no local UDP socket can be opened or the send fails at once
   */
  public static NodeProbe probe(InetSocketAddress node, Duration wait) throws IOException {
    NodePing.Outcome o = NodePing.run(node, (int) wait.toMillis(), new SecureRandom());
    return new NodeProbe(
        node,
        Optional.ofNullable(o.step()),
        o.roundTripMicros(),
        Optional.ofNullable(o.nodeId()),
        Optional.ofNullable(o.observed()));
  }
}
