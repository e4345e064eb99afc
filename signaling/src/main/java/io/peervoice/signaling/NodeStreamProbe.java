package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.NodeStreamPing;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks one rendezvous node over its TCP or TLS port whether it is there, as a peer on a network
 * that blocks UDP reaches it ({@code docs/protocol.md}, "Streams"): connect, for TLS the handshake,
 * then a PING whose PONG the node signs. Over TLS the node's certificate must be its self-signed
 * certificate for the id it proves, or one the trust store given (else the JDK's) accepts for the
 * address asked.
 *
 * @param address the TCP or TLS address asked
 * @param tls whether TLS was spoken
 * @param failedStep empty when every step passed; else the first that failed: {@code connect},
 *     {@code TLS handshake}, {@code certificate}, {@code PING} or {@code node id proof}
 * @param failure how that step failed, for a person (e.g. {@code refused}), or empty
 * @param connectMicros the TCP handshake's duration, or -1 when it failed
 * @param roundTripMicros PING to PONG over the stream, or -1
 * @param nodeId the id the node proved, if it did
 * @param tlsProtocol e.g. {@code TLSv1.3}, for TLS once the handshake passed
 * @param selfSigned for TLS, whether the node presented its own self-signed certificate (pinned by
 *     the id it proved) rather than a CA-signed one
 */
public record NodeStreamProbe(
    InetSocketAddress address,
    boolean tls,
    Optional<String> failedStep,
    Optional<String> failure,
    long connectMicros,
    long roundTripMicros,
    Optional<PeerId> nodeId,
    Optional<String> tlsProtocol,
    boolean selfSigned) {

  /** This probe failed at {@code step} for {@code why} (a check made after it, e.g. by doctor). */
  public NodeStreamProbe failedAt(String step, String why) {
    return new NodeStreamProbe(
        address,
        tls,
        Optional.of(step),
        Optional.of(why),
        connectMicros,
        -1,
        nodeId,
        tlsProtocol,
        selfSigned);
  }

  /** Whether the node answered over the stream and proved its id. */
  public boolean answered() {
    return failedStep.isEmpty();
  }

  /**
   * Probes {@code address} over TCP, or TLS if {@code tls}, waiting up to {@code wait} a step.
   *
   * @param trust the CA certificates a CA-signed node certificate must chain to; null for the JDK's
   *     trust store
   */
  public static NodeStreamProbe probe(
      InetSocketAddress address, boolean tls, KeyStore trust, Duration wait) {
    NodeStreamPing.Outcome o =
        NodeStreamPing.run(address, tls, trust, (int) wait.toMillis(), new SecureRandom());
    return new NodeStreamProbe(
        address,
        tls,
        Optional.ofNullable(o.step()),
        Optional.ofNullable(o.why()),
        o.connectMicros(),
        o.roundTripMicros(),
        Optional.ofNullable(o.nodeId()),
        Optional.ofNullable(o.tlsProtocol()),
        o.selfSigned());
  }
}
