package io.peervoice.media.audio;

/**
 * One producer's last frames in a {@link ConferenceMixer}, each with the time it arrived: frame
 * number {@code n} (counting from 0) sits in cell {@code n % size}. Bounded. Not thread-safe: the
 * mixer's lock guards it.
 */
final class FrameRing {
  private final short[][] frames;
  private final long[] arrivals;
  private long written;

  FrameRing(int size, int samples) {
    this.frames = new short[size][samples];
    this.arrivals = new long[size];
  }

  /** Copies {@code frame} in as the next frame, arrived at {@code now}. */
  void write(short[] frame, long now) {
    int i = (int) (written % frames.length);
    System.arraycopy(frame, 0, frames[i], 0, frames[i].length);
    arrivals[i] = now;
    written++;
  }

  /** Frames written so far. */
  long written() {
    return written;
  }

  /** Frame number {@code n} (one of the last {@code size} written). */
  short[] frame(long n) {
    return frames[(int) (n % frames.length)];
  }

  /** When frame number {@code n} arrived. */
  long arrival(long n) {
    return arrivals[(int) (n % arrivals.length)];
  }
}
