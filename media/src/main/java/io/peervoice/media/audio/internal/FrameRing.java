package io.peervoice.media.audio.internal;

/**
 * A fixed ring of 16-bit samples between a device's own thread and the media clock: one side puts,
 * the other takes. A put that does not fit drops the oldest samples (the ring keeps the newest, so
 * latency stays bounded by its capacity); a take is all or nothing. Thread-safe.
 */
final class FrameRing {
  private final short[] samples;
  private int head;
  private int size;

  FrameRing(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    samples = new short[capacity];
  }

  int capacity() {
    return samples.length;
  }

  synchronized int size() {
    return size;
  }

  /**
   * Appends {@code length} samples, dropping the oldest ones that do not fit.
   *
   * @return how many samples were dropped (0 when everything fitted)
   */
  synchronized int put(short[] from, int offset, int length) {
    int dropped = 0;
    if (length > samples.length) {
      dropped = length - samples.length;
      offset += dropped;
      length = samples.length;
    }
    int overflow = size + length - samples.length;
    if (overflow > 0) {
      head = (head + overflow) % samples.length;
      size -= overflow;
      dropped += overflow;
    }
    int tail = (head + size) % samples.length;
    if (length > 0) {
      notifyAll();
    }
    int first = Math.min(length, samples.length - tail);
    System.arraycopy(from, offset, samples, tail, first);
    System.arraycopy(from, offset + first, samples, 0, length - first);
    size += length;
    return dropped;
  }

  /**
   * Takes the oldest {@code length} samples if the ring holds that many.
   *
   * @return {@code false}, leaving the ring as it was, if it holds fewer
   */
  synchronized boolean take(short[] to, int offset, int length) {
    if (size < length) {
      return false;
    }
    int first = Math.min(length, samples.length - head);
    System.arraycopy(samples, head, to, offset, first);
    System.arraycopy(samples, 0, to, offset + first, length - first);
    head = (head + length) % samples.length;
    size -= length;
    return true;
  }

  /**
   * Waits up to {@code nanos} for the ring to hold at least {@code samples}.
   *
   * @return whether it does
   */
  synchronized boolean await(int samples, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (size < samples) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
    return true;
  }

  /** Drops the oldest {@code samples} (or all there are); returns how many were dropped. */
  synchronized int skip(int samples) {
    int n = Math.max(0, Math.min(samples, size));
    head = (head + n) % this.samples.length;
    size -= n;
    return n;
  }

  synchronized void clear() {
    head = 0;
    size = 0;
  }
}
