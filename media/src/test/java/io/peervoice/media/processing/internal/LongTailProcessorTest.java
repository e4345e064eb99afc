package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.ProcessingEngine;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongTailProcessorTest {

  /**
   * With nothing to remove (no far end, no noise suppression, no high-pass) the stage gives back
   * the microphone exactly, {@link LongTailProcessor#LATENCY_48K} samples late: the band split (low
   * band down and up, the rest passed at full rate) loses nothing, whatever the low-pass does at
   * its edge, and the suppressor's analysis and synthesis windows add up to one.
   */
  @Test
  void isTransparentWithNothingToRemove() {
    Random random = new Random(5);
    int blocks = 100;
    short[] in = new short[blocks * AudioProcessor.BLOCK_SAMPLES];
    for (int i = 0; i < in.length; i++) {
      in[i] = (short) (random.nextGaussian() * 4_000);
    }
    short[] out = new short[in.length];
    AudioProcessing aecOnly = AudioProcessing.off().withEchoCancellation(true);
    try (AudioProcessor p = new LongTailProcessor(aecOnly)) {
      short[] block = new short[AudioProcessor.BLOCK_SAMPLES];
      for (int b = 0; b < blocks; b++) {
        System.arraycopy(in, b * block.length, block, 0, block.length);
        p.render(new short[block.length]);
        p.capture(block);
        System.arraycopy(block, 0, out, b * block.length, block.length);
      }
      assertThat(p.engine()).isEqualTo(ProcessingEngine.PEERVOICE_AEC);
    }
    int latency = LongTailProcessor.LATENCY_48K;
    int worst = 0;
    for (int i = latency; i < in.length; i++) {
      worst = Math.max(worst, Math.abs(out[i] - in[i - latency]));
    }
    assertThat(worst).as("largest difference, in LSB").isLessThanOrEqualTo(2);
  }

  @Test
  void countsBlocksAndIgnoresCallsAfterClose() {
    AudioProcessor p = new LongTailProcessor(AudioProcessing.defaults());
    short[] block = new short[AudioProcessor.BLOCK_SAMPLES];
    p.render(block);
    p.capture(block);
    assertThat(p.stats().captureBlocks()).isEqualTo(1);
    assertThat(p.stats().renderBlocks()).isEqualTo(1);
    p.close();
    block[0] = 123;
    p.capture(block);
    assertThat(block[0]).isEqualTo((short) 123);
    p.close();
  }
}
