package io.peervoice.nat.internal.stun;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Answers the remote's Binding requests on a selected pair (its consent checks, RFC 7675 §5.1, and
 * any late ICE check, RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-7.3">§7.3</a>). A request is answered only
 * if it comes from the remote, carries USERNAME {@code localUfrag:remoteUfrag}, a MESSAGE-INTEGRITY
 * that verifies with the local password, and a FINGERPRINT (§7.2.2); anything else is dropped
 * without a word (no error response: nothing unauthenticated gets a byte back) and counted. The
 * answer is a Binding success response with just XOR-MAPPED-ADDRESS (the request's source),
 * MESSAGE-INTEGRITY (local password) and FINGERPRINT: 64 bytes for IPv4, 76 for IPv6. ICE has
 * completed, so roles are not re-checked (no 487). On one thread only.
 */
final class BindingResponder {
  private final DirectStunConfig config;
  private final StunCounters counters;
  private final MessageIntegrity integrity;
  private final byte[] expectedUsername;

  BindingResponder(DirectStunConfig config, StunCounters counters) {
    this.config = config;
    this.counters = counters;
    this.integrity = new MessageIntegrity(config.credentials().localKey());
    this.expectedUsername = config.credentials().incomingUsername();
  }

  /** A Binding request: answered, or dropped and counted. */
  void onRequest(DecodedStun decoded, byte[] data, int offset, InetSocketAddress from) {
    if (!from.equals(config.remote())) {
      counters.droppedUnexpected++;
      return;
    }
    if (!decoded.fingerprint()) {
      counters.droppedMalformed++;
      return;
    }
    StunMessage m = decoded.message();
    StunAttribute username = m.first(StunAttributes.USERNAME);
    if (username == null
        || !Arrays.equals(username.value(), expectedUsername)
        || !decoded.hasIntegrity()
        || !integrity.verify(data, offset, decoded)) {
      counters.droppedUnauthenticated++;
      return;
    }
    byte[] response = CheckResponder.success(m.transactionId(), from, integrity);
    counters.requestsAnswered++;
    config.sender().send(response, 0, response.length, from);
  }
}
