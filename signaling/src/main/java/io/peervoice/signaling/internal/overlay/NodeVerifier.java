package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import io.peervoice.signaling.internal.wire.Msg;
import java.nio.charset.StandardCharsets;

/**
 * Proof that a node owns the id it claims: it signs {@code domain ‖ nonce} with the Ed25519 key the
 * id is derived from. Nodes enter a routing table only after such a proof, and only if their id
 * carries the overlay's node id work ({@link #hasWork}).
 */
final class NodeVerifier {
  private static final byte[] DOMAIN = "peervoice-pong-v1".getBytes(StandardCharsets.US_ASCII);

  private NodeVerifier() {}

  static byte[] prove(Identity node, byte[] nonce) {
    return node.sign(concat(nonce));
  }

  /** The id proven by {@code signature} over {@code nonce} with {@code key}, or null. */
  static PeerId verify(byte[] key, byte[] nonce, byte[] signature) {
    if (key.length != 32 || signature.length != 64) {
      return null;
    }
    PublicIdentity signer = new PublicIdentity(key, new byte[32]);
    return signer.verify(concat(nonce), signature) ? signer.peerId() : null;
  }

  /**
   * The id that {@code reply}, the answer to a PING carrying {@code nonce}, proves: a PONG whose
   * signature over the nonce verifies with the key it carries; else null.
   */
  static PeerId provenBy(Msg reply, byte[] nonce) {
    return reply instanceof Msg.Pong p ? verify(p.nodeKey(), nonce, p.signature()) : null;
  }

  /**
   * Whether {@code id} carries the node id work the overlay asks for ({@link PeerId#nodeIdWork()},
   * one SHA-256); counts a refusal. Applied to proven ids before they enter the routing table and
   * to the contacts of lookup answers before they are asked, so a made-up id near a target costs as
   * much as a real one.
   */
  static boolean hasWork(PeerId id, NodeSettings settings, NodeCounters counters) {
    if (settings.nodeIdWork() == 0 || id.nodeIdWork() >= settings.nodeIdWork()) {
      return true;
    }
    counters.add(NodeCounters.Event.NODE_ID_REFUSED);
    return false;
  }

  private static byte[] concat(byte[] nonce) {
    byte[] data = new byte[DOMAIN.length + nonce.length];
    System.arraycopy(DOMAIN, 0, data, 0, DOMAIN.length);
    System.arraycopy(nonce, 0, data, DOMAIN.length, nonce.length);
    return data;
  }

  /** Attach proof: the peer signs {@code domain ‖ node id ‖ timestamp}. */
  private static final byte[] ATTACH_DOMAIN =
      "peervoice-attach-v1".getBytes(StandardCharsets.US_ASCII);

  static byte[] attachSigned(PeerId node, long timestampMillis) {
    byte[] domain = ATTACH_DOMAIN;
    byte[] data = new byte[domain.length + PeerId.LENGTH + 8];
    System.arraycopy(domain, 0, data, 0, domain.length);
    System.arraycopy(node.bytes(), 0, data, domain.length, PeerId.LENGTH);
    for (int i = 0; i < 8; i++) {
      data[data.length - 1 - i] = (byte) (timestampMillis >>> (8 * i));
    }
    return data;
  }

  static boolean attachValid(PublicIdentity peer, PeerId node, long timestamp, byte[] signature) {
    return peer.verify(attachSigned(node, timestamp), signature);
  }
}
