package io.peervoice.media.jitter;

import java.util.Objects;

/**
 * A received RTP packet as the jitter buffer sees it.
 *
 * @param ssrc RTP synchronization source; a change restarts the buffer
 * @param sequenceNumber 16-bit RTP sequence number
 * @param timestamp 32-bit RTP timestamp (48 kHz for Opus)
 * @param payload the codec payload
 * @param arrivalMillis arrival time on the receiver's monotonic clock, in milliseconds
 */
public record JitterPacket(
    int ssrc, int sequenceNumber, long timestamp, byte[] payload, double arrivalMillis) {

  public JitterPacket {
    Objects.requireNonNull(payload, "payload");
    if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
      throw new IllegalArgumentException("sequence number must be 16-bit: " + sequenceNumber);
    }
    if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("timestamp must be 32-bit unsigned: " + timestamp);
    }
  }
}
