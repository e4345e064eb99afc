package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a peer signs to attach to a node (version 2): {@code "peervoice-attach-v2" ‖ node id (20) ‖
 * cookie (20) ‖ timestamp (8, big-endian)}. The cookie is one the node issued for the address the
 * ATTACH comes from, so a captured ATTACH is refused from any other address, and it is at most 120
 * s old, so it cannot be kept for later.
 */
final class AttachProof {
  private static final byte[] DOMAIN = "peervoice-attach-v2".getBytes(StandardCharsets.US_ASCII);

  private AttachProof() {}

  static byte[] signed(PeerId node, byte[] cookie, long timestampMillis) {
    return ByteBuffer.allocate(DOMAIN.length + PeerId.LENGTH + cookie.length + 8)
        .put(DOMAIN)
        .put(node.bytes())
        .put(cookie)
        .putLong(timestampMillis)
        .array();
  }

  static boolean valid(
      PublicIdentity peer, PeerId node, byte[] cookie, long timestampMillis, byte[] signature) {
    return peer.verify(signed(node, cookie, timestampMillis), signature);
  }
}
