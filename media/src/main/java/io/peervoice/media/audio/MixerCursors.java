package io.peervoice.media.audio;

/**
 * Where each reader of a {@link ConferenceMixer} is in each producer's frames: the next frame it
 * takes, and for how many reads in a row it has had a frame to spare. Bounded: one cell per pair of
 * the mixer's slots. Not thread-safe: the mixer's lock guards it.
 */
final class MixerCursors {
  private final long[][] next;
  private final int[][] spareReads;
  private final int trimReads;

  /**
   * @param slots the mixer's ports
   * @param trimReads reads in a row with a frame to spare before one is dropped
   */
  MixerCursors(int slots, int trimReads) {
    this.next = new long[slots][slots];
    this.spareReads = new int[slots][slots];
    this.trimReads = trimReads;
  }

  long next(int reader, int producer) {
    return next[reader][producer];
  }

  void next(int reader, int producer, long frame) {
    next[reader][producer] = frame;
  }

  /** A new pair: the reader starts at {@code frame}. */
  void start(int reader, int producer, long frame) {
    next[reader][producer] = frame;
    spareReads[reader][producer] = 0;
  }

  /**
   * Whether the reader has had a frame to spare ({@code spare} &gt; 0 beyond the one it takes) at
   * each of its last {@code trimReads} reads of the producer; counts this read, and starts counting
   * again once it says so.
   */
  boolean spare(int reader, int producer, long spare) {
    if (spare <= 0) {
      spareReads[reader][producer] = 0;
      return false;
    }
    if (++spareReads[reader][producer] < trimReads) {
      return false;
    }
    spareReads[reader][producer] = 0;
    return true;
  }
}
