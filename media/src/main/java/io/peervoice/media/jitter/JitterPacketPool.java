package io.peervoice.media.jitter;

/**
 * A bounded pool of {@link JitterPacket}s for one receive stream, so that steady-state reception
 * allocates nothing per packet: a packet is made the first time the pool is short of one, at most
 * {@link #capacity()} of them ever, and each keeps its payload buffer (grown to the largest payload
 * it carried) across uses. Sized for every packet a stream can hold at once (the jitter buffer's
 * capacity and the packets waiting for a playout tick), so {@link #take} only finds it empty if a
 * packet was never released; then it returns null and the caller drops the packet. A packet goes
 * back with {@link JitterPacket#release()}, exactly once. Not thread-safe (one stream's lock).
 */
public final class JitterPacketPool {
  private static final int INITIAL_ROOM = 256;

  private final JitterPacket[] free;
  private int freeCount;
  private int made;
  private long exhausted;

  /**
   * @param capacity most packets taken and not yet released at once
   */
  public JitterPacketPool(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.free = new JitterPacket[capacity];
  }

  /**
   * A packet holding a copy of {@code length} bytes of {@code data} from {@code offset}, owned by
   * the caller until released; null if all {@link #capacity()} packets are out.
   *
   * @throws IllegalArgumentException if the sequence number is not 16-bit or the timestamp not
   *     32-bit unsigned (the packet stays in the pool)
   */
  public JitterPacket take(
      int ssrc,
      int sequenceNumber,
      long timestamp,
      byte[] data,
      int offset,
      int length,
      double arrivalMillis) {
    JitterPacket packet;
    if (freeCount > 0) {
      packet = free[--freeCount];
      free[freeCount] = null;
    } else if (made < free.length) {
      packet = new JitterPacket(this, INITIAL_ROOM);
      made++;
    } else {
      exhausted++;
      return null;
    }
    try {
      packet.fill(ssrc, sequenceNumber, timestamp, data, offset, length, arrivalMillis);
    } catch (IllegalArgumentException e) {
      free[freeCount++] = packet;
      throw e;
    }
    return packet;
  }

  void giveBack(JitterPacket packet) {
    free[freeCount++] = packet;
  }

  public int capacity() {
    return free.length;
  }

  /** Packets taken and not yet released. */
  public int inUse() {
    return made - freeCount;
  }

  /** Times {@link #take} found every packet out. */
  public long exhausted() {
    return exhausted;
  }
}
