package io.peervoice.signaling;

/**
 * Where one delivered message's time went, by the overlay client's clock ({@link
 * OverlayClient#sendTimed}).
 *
 * @param lookupMillis from the send to the recipient's location record found: the lookup, or the
 *     wait for a lookup of the same peer another message had already asked for (shared answers);
 *     failed rounds before a record was found included
 * @param deliverMillis from that record found to a node's confirmation that it handed the message
 *     to the recipient: sealing, node proofs, routing and any retries
 */
public record DeliveryTiming(long lookupMillis, long deliverMillis) {
  public DeliveryTiming {
    if (lookupMillis < 0 || deliverMillis < 0) {
      throw new IllegalArgumentException("timings must be >= 0");
    }
  }
}
