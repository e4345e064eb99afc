package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReferenceQueueTest {
  private static short[] block(int value) {
    short[] b = new short[AudioProcessor.BLOCK_SAMPLES];
    Arrays.fill(b, (short) value);
    return b;
  }

  @Test
  void blocksComeOutInOrderWithTheirPower() {
    ReferenceQueue q = new ReferenceQueue(4);
    q.push(block(1));
    q.push(block(2));
    assertThat(q.poll()[0]).isEqualTo((short) 1);
    assertThat(q.polledPower()).isEqualTo(1.0);
    assertThat(q.queuedAtPoll()).isEqualTo(2);
    assertThat(q.poll()[0]).isEqualTo((short) 2);
    assertThat(q.polledPower()).isEqualTo(4.0);
    assertThat(q.overflows()).isZero();
    assertThat(q.underflows()).isZero();
  }

  @Test
  void renderAheadOfCaptureDropsTheOldestAndCountsIt() {
    ReferenceQueue q = new ReferenceQueue(4);
    for (int i = 1; i <= 6; i++) {
      q.push(block(i));
    }
    assertThat(q.overflows()).isEqualTo(2);
    assertThat(q.queued()).isEqualTo(4);
    assertThat(q.poll()[0]).isEqualTo((short) 3);
  }

  @Test
  void captureWithNothingQueuedIsAnUnderflow() {
    ReferenceQueue q = new ReferenceQueue(4);
    assertThat(q.poll()).isNull();
    assertThat(q.polledPower()).isZero();
    q.push(block(5));
    q.poll();
    assertThat(q.poll()).isNull();
    assertThat(q.underflows()).isEqualTo(2);
  }

  @Test
  void theQueuedBlockIsACopy() {
    ReferenceQueue q = new ReferenceQueue(2);
    short[] b = block(7);
    q.push(b);
    b[0] = 99;
    assertThat(q.poll()[0]).isEqualTo((short) 7);
  }

  @Test
  void badSizesAreRefused() {
    assertThatThrownBy(() -> new ReferenceQueue(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReferenceQueue(2).push(new short[10]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The Java engine's queue counts as the speexdsp one did: 16 blocks, the oldest dropped. */
  @Test
  void theJavaEngineCountsOverflowsAndUnderflows() {
    try (LongTailProcessor p =
        new LongTailProcessor(AudioProcessing.off().withEchoCancellation(true))) {
      for (int i = 0; i < 20; i++) {
        p.render(block(100));
      }
      for (int i = 0; i < 17; i++) {
        p.capture(block(0));
      }
      assertThat(p.referenceQueue().overflows()).isEqualTo(4);
      assertThat(p.referenceQueue().underflows()).isEqualTo(1);
    }
  }
}
