package io.peervoice.media.jitter.internal;

/**
 * Extends a wrapping counter (16-bit RTP sequence numbers, 32-bit timestamps) to a monotonic long
 * by choosing the value nearest the last one (RFC 3550 §A.1).
 */
public final class Unwrapper {
  private final long modulus;
  private long last = Long.MIN_VALUE;

  public Unwrapper(int bits) {
    this.modulus = 1L << bits;
  }

  public long unwrap(long value) {
    if (last == Long.MIN_VALUE) {
      last = modulus + value;
      return last;
    }
    long candidate = (last - Math.floorMod(last, modulus)) + value;
    if (candidate - last > modulus / 2) {
      candidate -= modulus;
    } else if (last - candidate > modulus / 2) {
      candidate += modulus;
    }
    if (candidate > last) {
      last = candidate;
    }
    return candidate;
  }

  public void reset() {
    last = Long.MIN_VALUE;
  }
}
