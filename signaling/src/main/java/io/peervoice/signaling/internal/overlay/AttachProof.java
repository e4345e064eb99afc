package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a peer signs to attach to a node. Version 2 (no device): {@code "peervoice-attach-v2" ‖ node
 * id (20) ‖ cookie (20) ‖ timestamp (8, big-endian)}. Version 3, naming the device (one process of
 * the identity): {@code "peervoice-attach-v3" ‖ node id ‖ cookie ‖ timestamp ‖ device (8)}, so the
 * device id cannot be altered or moved to another attachment. The cookie is one the node issued for
 * the address the ATTACH comes from, so a captured ATTACH is refused from any other address, and it
 * is at most 120 s old, so it cannot be kept for later.
 */
final class AttachProof {
  private static final byte[] V2 = "peervoice-attach-v2".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V3 = "peervoice-attach-v3".getBytes(StandardCharsets.US_ASCII);

  private AttachProof() {}

  static byte[] signed(PeerId node, byte[] cookie, long timestampMillis) {
    return signed(node, cookie, timestampMillis, new byte[0]);
  }

  /** The bytes to sign; {@code device} empty for version 2, else its 8 bytes (version 3). */
  static byte[] signed(PeerId node, byte[] cookie, long timestampMillis, byte[] device) {
    byte[] domain = device.length == 0 ? V2 : V3;
    return ByteBuffer.allocate(domain.length + PeerId.LENGTH + cookie.length + 8 + device.length)
        .put(domain)
        .put(node.bytes())
        .put(cookie)
        .putLong(timestampMillis)
        .put(device)
        .array();
  }

  static boolean valid(
      PublicIdentity peer,
      PeerId node,
      byte[] cookie,
      long timestampMillis,
      byte[] device,
      byte[] signature) {
    return peer.verify(signed(node, cookie, timestampMillis, device), signature);
  }

  /** The device id as a number (0 for none). */
  static long device(byte[] device) {
    return device.length == 0 ? 0 : ByteBuffer.wrap(device).getLong();
  }

  /** The 8 bytes of device id {@code device}. */
  static byte[] deviceBytes(long device) {
    return ByteBuffer.allocate(8).putLong(device).array();
  }
}
