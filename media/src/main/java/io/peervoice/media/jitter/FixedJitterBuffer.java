package io.peervoice.media.jitter;

import java.util.Map;
import java.util.TreeMap;

/**
 * A fixed-depth jitter buffer: pure logic with no clock, threads or sockets; the caller feeds
 * packets as they arrive and asks for one frame per 20 ms tick. Reorders, drops duplicates and late
 * packets, unwraps 16-bit sequence numbers (RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1">§A.1</a>) and caps what it holds.
 * Playout starts once {@code depth} packets are buffered. When the buffer runs dry the tick is
 * concealed without skipping a sequence number, so a packet that is merely delayed still plays;
 * after {@code maxUnderrun} empty ticks it returns to idle, so a stream that stops is not concealed
 * forever. Not thread-safe.
 */
public final class FixedJitterBuffer {
  private static final int SEQ_MOD = 1 << 16;

  private final int depth;
  private final int capacity;
  private final int maxUnderrun;
  private final TreeMap<Long, byte[]> packets = new TreeMap<>();
  private long highest = -1;
  private long next = -1;
  private boolean playing;
  private int emptyTicks;

  private long accepted;
  private long duplicates;
  private long late;
  private long overflowDrops;
  private long played;
  private long lost;
  private long underruns;

  /**
   * @param depth packets to hold before playout starts (each 20 ms)
   * @param capacity most packets held at once
   * @param maxUnderrun consecutive empty ticks concealed before going idle
   */
  public FixedJitterBuffer(int depth, int capacity, int maxUnderrun) {
    if (depth < 1 || capacity < depth || maxUnderrun < 0) {
      throw new IllegalArgumentException(
          "need 1 <= depth <= capacity and maxUnderrun >= 0: %d, %d, %d"
              .formatted(depth, capacity, maxUnderrun));
    }
    this.depth = depth;
    this.capacity = capacity;
    this.maxUnderrun = maxUnderrun;
  }

  /** Offers a packet with 16-bit RTP sequence number {@code sequenceNumber}. */
  public InsertOutcome insert(int sequenceNumber, byte[] payload) {
    long seq = unwrap(sequenceNumber & 0xFFFF);
    if (next >= 0 && seq < next) {
      late++;
      return InsertOutcome.LATE;
    }
    if (packets.containsKey(seq)) {
      duplicates++;
      return InsertOutcome.DUPLICATE;
    }
    packets.put(seq, payload);
    highest = Math.max(highest, seq);
    accepted++;
    if (packets.size() > capacity) {
      Map.Entry<Long, byte[]> oldest = packets.pollFirstEntry();
      overflowDrops++;
      if (next >= 0 && oldest.getKey() >= next) {
        next = oldest.getKey() + 1;
      }
      return InsertOutcome.OVERFLOW;
    }
    return InsertOutcome.ACCEPTED;
  }

  /** What to play for the current 20 ms tick. */
  public Playout poll() {
    if (!playing) {
      if (packets.size() < depth) {
        return new Playout.Idle();
      }
      playing = true;
      emptyTicks = 0;
      next = packets.firstKey();
    }
    if (packets.isEmpty()) {
      if (++emptyTicks > maxUnderrun) {
        playing = false;
        return new Playout.Idle();
      }
      underruns++;
      return new Playout.Underrun();
    }
    emptyTicks = 0;
    if (packets.firstKey() - next > capacity) {
      next = packets.firstKey();
    }
    byte[] payload = packets.remove(next);
    long seq = next++;
    if (payload == null) {
      lost++;
      return new Playout.Lost(seq);
    }
    played++;
    return new Playout.Frame(seq, payload);
  }

  public JitterBufferStats stats() {
    return new JitterBufferStats(
        accepted, duplicates, late, overflowDrops, played, lost, underruns, packets.size());
  }

  private long unwrap(int seq16) {
    if (highest < 0) {
      return SEQ_MOD + seq16;
    }
    long candidate = (highest & ~0xFFFFL) | seq16;
    if (candidate - highest > SEQ_MOD / 2) {
      candidate -= SEQ_MOD;
    } else if (highest - candidate > SEQ_MOD / 2) {
      candidate += SEQ_MOD;
    }
    return candidate;
  }
}
