package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessor;

/**
 * The far-end (playout) blocks waiting for the capture block they belong to, so render and capture
 * may come in either order each tick: a bounded ring of 10 ms blocks at 48 kHz, each with its mean
 * power. When render runs ahead by more than the ring holds, the oldest block is dropped (an
 * <b>overflow</b>); when capture finds the ring empty, it gets no reference (an <b>underflow</b>:
 * the far end is silent, or playout stalls). Both are counted. Nothing is allocated per block; not
 * thread-safe (the processors call it under their own lock).
 *
 * <p><b>Stale reference.</b> Render is called when a frame is handed to playout, before the playout
 * ring and the device buffer delay it, so the freshest block is always older than any echo of it in
 * the microphone. But when render starts before capture (playout ran before the first captured
 * frame reached the stage) or a render burst follows a stall, blocks pile up and capture is given
 * ever older ones: once the reference is older than the echo path is long, the echo comes
 * <i>before</i> its reference and no causal filter can cancel it (a loopback call under load
 * measured 5 dB instead of 20-40). So when every poll of a {@value #TRIM_WINDOW}-poll window found
 * at least {@value #TRIM_ABOVE} blocks waiting, the oldest are dropped down to {@value #TRIM_KEEP}
 * (a <b>trim</b>, counted): the echo path seen by the canceller becomes longer (which its long
 * filter covers) instead of negative. A window is long enough, and the threshold high enough, that
 * the tick-to-tick jitter of two threads never trims.
 */
final class ReferenceQueue {
  static final int TRIM_WINDOW = 50;
  static final int TRIM_ABOVE = 3;
  static final int TRIM_KEEP = 2;
  private final short[][] blocks;
  private final double[] power;
  private int head;
  private int queued;
  private int queuedAtPoll;
  private long overflows;
  private long underflows;
  private long trims;
  private int windowPolls;
  private int windowMin = Integer.MAX_VALUE;
  private double polledPower;

  /** A ring of {@code capacity} blocks of {@link AudioProcessor#BLOCK_SAMPLES} samples. */
  ReferenceQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    blocks = new short[capacity][AudioProcessor.BLOCK_SAMPLES];
    power = new double[capacity];
  }

  /** Queues a copy of {@code block}, dropping the oldest block if the ring is full. */
  void push(short[] block) {
    Blocks.check(block);
    if (queued == blocks.length) {
      head = (head + 1) % blocks.length;
      queued--;
      overflows++;
    }
    int tail = (head + queued) % blocks.length;
    System.arraycopy(block, 0, blocks[tail], 0, block.length);
    power[tail] = ErleMeter.power(block);
    queued++;
  }

  /**
   * Takes the oldest block, or null when none waits (an underflow). The array returned is the
   * ring's own: it holds the block until the next {@link #push}.
   */
  short[] poll() {
    trimIfStale();
    queuedAtPoll = queued;
    if (queued == 0) {
      underflows++;
      polledPower = 0;
      return null;
    }
    short[] block = blocks[head];
    polledPower = power[head];
    head = (head + 1) % blocks.length;
    queued--;
    return block;
  }

  /** Drops the oldest blocks when a whole window of polls found too many waiting. */
  private void trimIfStale() {
    windowMin = Math.min(windowMin, queued);
    if (++windowPolls < TRIM_WINDOW) {
      return;
    }
    if (windowMin >= TRIM_ABOVE) {
      int drop = windowMin - TRIM_KEEP;
      head = (head + drop) % blocks.length;
      queued -= drop;
      trims++;
    }
    windowPolls = 0;
    windowMin = Integer.MAX_VALUE;
  }

  /** The mean power (16-bit scale) of the block the last {@link #poll} gave, 0 if none. */
  double polledPower() {
    return polledPower;
  }

  /** How many blocks waited when {@link #poll} was last called (the reference's extra delay). */
  int queuedAtPoll() {
    return queuedAtPoll;
  }

  /** Blocks waiting now. */
  int queued() {
    return queued;
  }

  /** Blocks dropped because render ran ahead of capture by more than the ring holds. */
  long overflows() {
    return overflows;
  }

  /** Times the oldest blocks were dropped because capture was being given a stale reference. */
  long trims() {
    return trims;
  }

  /** Captures that found no reference waiting. */
  long underflows() {
    return underflows;
  }
}
