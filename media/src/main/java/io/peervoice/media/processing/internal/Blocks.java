package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessor;

/** Checks on 10 ms blocks. */
final class Blocks {
  private Blocks() {}

  static void check(short[] block) {
    if (block.length != AudioProcessor.BLOCK_SAMPLES) {
      throw new IllegalArgumentException(
          "a block is "
              + AudioProcessor.BLOCK_SAMPLES
              + " samples (10 ms at 48 kHz): "
              + block.length);
    }
  }
}
