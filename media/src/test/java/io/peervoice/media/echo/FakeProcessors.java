package io.peervoice.media.echo;

import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.media.processing.ProcessingStats;

/** Processors whose effect is known exactly, to check the metrics against. */
final class FakeProcessors {
  private FakeProcessors() {}

  /** Subtracts the known echo exactly, then scales what is left by {@code gain}. */
  static AudioProcessor oracle(EchoSignals signals, double gain) {
    return new Base() {
      private int block;

      @Override
      public void capture(short[] near) {
        int at = block++ * BLOCK_SAMPLES;
        for (int i = 0; i < near.length; i++) {
          double v = (near[i] - signals.echo()[at + i]) * gain;
          near[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
      }
    };
  }

  /** Leaves the microphone alone. */
  static AudioProcessor passThrough() {
    return new Base() {
      @Override
      public void capture(short[] near) {}
    };
  }

  /**
   * {@code inner}, its output coming {@code samples} later (as band-splitting filters and block
   * framing delay a real engine's output).
   */
  static AudioProcessor delayed(AudioProcessor inner, int samples) {
    return new Base() {
      private final short[] line = new short[samples + BLOCK_SAMPLES];

      @Override
      public void render(short[] farEnd10ms) {
        inner.render(farEnd10ms);
      }

      @Override
      public void capture(short[] near) {
        inner.capture(near);
        System.arraycopy(near, 0, line, samples, BLOCK_SAMPLES);
        System.arraycopy(line, 0, near, 0, BLOCK_SAMPLES);
        System.arraycopy(line, BLOCK_SAMPLES, line, 0, samples);
      }
    };
  }

  /** Outputs silence. */
  static AudioProcessor mute() {
    return new Base() {
      @Override
      public void capture(short[] near) {
        java.util.Arrays.fill(near, (short) 0);
      }
    };
  }

  abstract static class Base implements AudioProcessor {
    @Override
    public void render(short[] farEnd10ms) {}

    @Override
    public ProcessingEngine engine() {
      return ProcessingEngine.NONE;
    }

    @Override
    public ProcessingStats stats() {
      return ProcessingStats.empty(ProcessingEngine.NONE);
    }

    @Override
    public void close() {}
  }
}
