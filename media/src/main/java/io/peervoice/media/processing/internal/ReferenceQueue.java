package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessor;

/**
 * The far-end (playout) blocks waiting for the capture block they belong to, so render and capture
 * may come in either order each tick: a bounded ring of 10 ms blocks at 48 kHz, each with its mean
 * power. When render runs ahead by more than the ring holds, the oldest block is dropped (an
 * <b>overflow</b>); when capture finds the ring empty, it gets no reference (an <b>underflow</b>:
 * the far end is silent, or playout stalls). Both are counted. Nothing is allocated per block; not
 * thread-safe (the processors call it under their own lock).
 */
final class ReferenceQueue {
  private final short[][] blocks;
  private final double[] power;
  private int head;
  private int queued;
  private int queuedAtPoll;
  private long overflows;
  private long underflows;
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

  /** Captures that found no reference waiting. */
  long underflows() {
    return underflows;
  }
}
