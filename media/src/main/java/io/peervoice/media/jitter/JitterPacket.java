package io.peervoice.media.jitter;

import java.util.Arrays;
import java.util.Objects;

/**
 * A received RTP packet as the jitter buffer sees it: the stream's SSRC, 16-bit sequence number,
 * 32-bit timestamp (48 kHz for Opus), the codec payload and the arrival time on the receiver's
 * monotonic clock in milliseconds.
 *
 * <p>Made either with the constructor (an unpooled packet over the caller's array, never recycled)
 * or taken from a {@link JitterPacketPool}, whose packets own a buffer that is reused once the
 * packet is {@link #release released}. Whoever holds a pooled packet owns it and releases it
 * exactly once: {@link AdaptiveJitterBuffer#insert} takes ownership of every packet it is given,
 * and hands a packet it decides to play on with {@link PlayoutDecision.Decode}. A pooled packet is
 * not to be read after its release.
 */
public final class JitterPacket {
  private final JitterPacketPool pool;
  private boolean free;
  private int ssrc;
  private int sequenceNumber;
  private long timestamp;
  private byte[] payload;
  private int payloadLength;
  private double arrivalMillis;

  /**
   * An unpooled packet over {@code payload} (not copied).
   *
   * @throws IllegalArgumentException if the sequence number is not 16-bit or the timestamp not
   *     32-bit unsigned
   */
  public JitterPacket(
      int ssrc, int sequenceNumber, long timestamp, byte[] payload, double arrivalMillis) {
    this.pool = null;
    this.payload = Objects.requireNonNull(payload, "payload");
    set(ssrc, sequenceNumber, timestamp, payload.length, arrivalMillis);
  }

  /** A pooled packet, free until {@link JitterPacketPool#take} fills it. */
  JitterPacket(JitterPacketPool pool, int initialRoom) {
    this.pool = pool;
    this.payload = new byte[initialRoom];
    this.free = true;
  }

  private void set(
      int ssrc, int sequenceNumber, long timestamp, int payloadLength, double arrivalMillis) {
    if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
      throw new IllegalArgumentException("sequence number must be 16-bit: " + sequenceNumber);
    }
    if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("timestamp must be 32-bit unsigned: " + timestamp);
    }
    this.ssrc = ssrc;
    this.sequenceNumber = sequenceNumber;
    this.timestamp = timestamp;
    this.payloadLength = payloadLength;
    this.arrivalMillis = arrivalMillis;
  }

  /** Fills a free pooled packet with a copy of {@code length} bytes of {@code data}. */
  void fill(
      int ssrc,
      int sequenceNumber,
      long timestamp,
      byte[] data,
      int offset,
      int length,
      double arrivalMillis) {
    if (length > payload.length) {
      payload = new byte[Math.max(length, 2 * payload.length)];
    }
    System.arraycopy(data, offset, payload, 0, length);
    set(ssrc, sequenceNumber, timestamp, length, arrivalMillis);
    free = false;
  }

  public int ssrc() {
    return ssrc;
  }

  public int sequenceNumber() {
    return sequenceNumber;
  }

  public long timestamp() {
    return timestamp;
  }

  public double arrivalMillis() {
    return arrivalMillis;
  }

  /** A copy of the payload. */
  public byte[] payload() {
    return Arrays.copyOf(payload, payloadLength);
  }

  /**
   * The array that holds the payload in its first {@link #payloadLength()} bytes, not a copy: for
   * reading while this packet is held, never to keep.
   */
  public byte[] payloadBuffer() {
    return payload;
  }

  public int payloadLength() {
    return payloadLength;
  }

  /** Whether this packet came from a pool. */
  public boolean pooled() {
    return pool != null;
  }

  /**
   * Returns a pooled packet to its pool (nothing for an unpooled one).
   *
   * @throws IllegalStateException if the pooled packet was already released
   */
  public void release() {
    if (pool == null) {
      return;
    }
    if (free) {
      throw new IllegalStateException("jitter packet released twice: seq " + sequenceNumber);
    }
    free = true;
    pool.giveBack(this);
  }

  boolean free() {
    return free;
  }

  @Override
  public String toString() {
    return "JitterPacket[ssrc=%d, seq=%d, ts=%d, payload=%d, arrival=%.3f%s]"
        .formatted(
            ssrc,
            sequenceNumber,
            timestamp,
            payloadLength,
            arrivalMillis,
            pool == null ? "" : free ? ", free" : ", pooled");
  }
}
