package io.peervoice.media.audio;

import java.util.Objects;

/**
 * The full mix of a {@link ConferenceMixer}, mixed and encoded once per frame for every leg that
 * hears all of it (a leg that is not speaking, muted or silent hears everyone who speaks), as audio
 * bridges do: one encoder instead of one per listener. Keeps the last {@value #RING} frames, each
 * with its samples, its encoding, the producers mixed into it (so that a leg never takes a frame
 * that holds its own audio) and when their frames arrived (the mixer's delay is measured up to the
 * leg's taking). Bounded. Not thread-safe: the mixer's lock guards it.
 */
final class SharedMix {
  /** Frames kept. */
  static final int RING = ConferenceMixer.RING;

  /** The largest Opus frame (RFC 6716 §3.4 R5). */
  static final int MAX_BYTES = 1275;

  private static final long FRAME_NANOS = 20_000_000L;

  private final ConferenceMixer.FrameEncoder encoder;
  private final short[][] pcm = new short[RING][PcmFormat.FRAME_SAMPLES];
  private final byte[][] bytes = new byte[RING][MAX_BYTES];
  private final int[] lengths = new int[RING];
  private final int[] producers = new int[RING];
  private final long[][] arrivals = new long[RING][ConferenceMixer.MAX_PORTS];
  private final int[] counts = new int[RING];
  private long newestAt;
  private long written;
  private long encoded;
  private long taken;
  private boolean closed;

  SharedMix(ConferenceMixer.FrameEncoder encoder) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
  }

  /** Frames mixed so far. */
  long written() {
    return written;
  }

  /** The samples of the next frame, to mix into before {@link #commit}. */
  short[] next() {
    return pcm[(int) (written % RING)];
  }

  /** Arrival times of the producers' frames in the next frame, to fill before {@link #commit}. */
  long[] nextArrivals() {
    return arrivals[(int) (written % RING)];
  }

  /**
   * The next frame is mixed: {@code mask} has a bit per slot of the producers in it, {@code count}
   * arrivals were filled in. Encodes it.
   */
  void commit(int mask, int count, long now) {
    newestAt = now;
    int i = (int) (written % RING);
    producers[i] = mask;
    counts[i] = count;
    lengths[i] = encoder.encode(pcm[i], bytes[i], 0);
    encoded++;
    written++;
  }

  /**
   * The frame a leg that starts to hear the shared mix at {@code now} takes first: the newest if it
   * was mixed within the last frame (legs ticking a few ms apart share it), else the next.
   */
  long entry(long now) {
    return written > 0 && now - newestAt < FRAME_NANOS ? written - 1 : written;
  }

  /** Whether frame {@code n} holds the audio of the producer in {@code slot}. */
  boolean holds(long n, int slot) {
    return (producers[(int) (n % RING)] & (1 << slot)) != 0;
  }

  /**
   * Copies frame {@code n}'s samples into {@code out} for a leg taking it {@code now}, adding the
   * wait of each producer's frame in it to {@code delay}; returns how many producers it holds.
   */
  int deliver(long n, short[] out, long now, MixerDelay delay) {
    int i = (int) (n % RING);
    System.arraycopy(pcm[i], 0, out, 0, out.length);
    for (int k = 0; k < counts[i]; k++) {
      delay.add(now - arrivals[i][k]);
    }
    return counts[i];
  }

  /** Whether frame {@code n} is still kept. */
  boolean kept(long n) {
    return n >= 0 && n < written && written - n <= RING;
  }

  /** Copies frame {@code n}'s encoding into {@code out} at {@code offset}; its length. */
  int copy(long n, byte[] out, int offset) {
    int i = (int) (n % RING);
    System.arraycopy(bytes[i], 0, out, offset, lengths[i]);
    taken++;
    return lengths[i];
  }

  /** Frames encoded. */
  long encoded() {
    return encoded;
  }

  /** Encoded frames handed to legs. */
  long taken() {
    return taken;
  }

  /** Closes the encoder: nothing is shared from now on. */
  void close() {
    if (!closed) {
      closed = true;
      encoder.close();
    }
  }

  boolean closed() {
    return closed;
  }
}
