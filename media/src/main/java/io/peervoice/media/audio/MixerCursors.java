package io.peervoice.media.audio;

/**
 * Where each reader of a {@link ConferenceMixer} is in each producer's frames: the next frame it
 * takes, and for how many reads in a row it has had a frame to spare; and which frame a read takes
 * ({@link #take}), counting underruns and frames skipped. Bounded: one cell per pair of the mixer's
 * slots. Not thread-safe: the mixer's lock guards it.
 */
final class MixerCursors {
  private final long[][] next;
  private final int[][] spareReads;
  private final int trimReads;
  private final int[] trimReadsOf; // S8 tel: per reader (the shared mix trims sooner)
  private final int maxBacklog;
  private long underruns;
  private long skipped;
  private long trimmed;

  /**
   * @param slots the mixer's ports
   * @param trimReads reads in a row with a frame to spare before one is dropped
   * @param maxBacklog a reader further behind a producer than this many frames skips to the newest
   */
  MixerCursors(int slots, int trimReads, int maxBacklog) {
    this.next = new long[slots][slots];
    this.spareReads = new int[slots][slots];
    this.trimReads = trimReads;
    this.trimReadsOf = new int[slots];
    java.util.Arrays.fill(trimReadsOf, trimReads);
    this.maxBacklog = maxBacklog;
  }

  /**
   * The frame number the reader takes of a producer that has written {@code written} frames, and
   * moves its cursor past it; -1 if the producer has nothing new (an underrun, counted). A reader
   * more than {@code maxBacklog} frames behind skips to the newest; one that had a frame to spare
   * at every read for {@code trimReads} reads drops one, a frame less delay (both counted).
   */
  long take(int reader, int producer, long written) {
    long c = next[reader][producer];
    if (written - c > maxBacklog) {
      skipped += written - 1 - c;
      c = written - 1;
    }
    if (c >= written) {
      underruns++;
      spare(reader, producer, 0);
      return -1;
    }
    if (spare(reader, producer, written - c - 1)) {
      c++;
      trimmed++;
    }
    next[reader][producer] = c + 1;
    return c;
  }

  /**
   * S8 tel: {@code slot} as a reader drops a spare frame of any producer, and any reader drops a
   * spare frame of {@code slot}, after {@code reads} reads with one to spare, not after the
   * default.
   */
  void trimReads(int slot, int reads) {
    trimReadsOf[slot] = reads;
  }

  /** S9 conf: every reader and producer drops a spare frame after at most {@code reads} reads. */
  void trimAll(int reads) {
    for (int slot = 0; slot < trimReadsOf.length; slot++) {
      trimReadsOf[slot] = Math.min(trimReadsOf[slot], reads);
    }
  }

  /** Reads that found no new frame. */
  long underruns() {
    return underruns;
  }

  /** Frames skipped by readers that had fallen behind, or dropped by those with one to spare. */
  long skipped() {
    return skipped + trimmed;
  }

  /** Frames of a producer that has written {@code written} the reader has not taken yet. */
  long pending(int reader, int producer, long written) {
    return written - next[reader][producer];
  }

  /** The reader {@code to} goes on from where {@code from} is in the producer's frames. */
  void follow(int to, int from, int producer) {
    start(to, producer, next[from][producer]);
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
    if (++spareReads[reader][producer] < Math.min(trimReadsOf[reader], trimReadsOf[producer])) {
      return false;
    }
    spareReads[reader][producer] = 0;
    return true;
  }
}
