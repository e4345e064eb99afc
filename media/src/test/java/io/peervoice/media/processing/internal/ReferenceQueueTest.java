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

  /**
   * Render started ten blocks before capture and the two then ran in step: after a window of polls
   * that each found more than {@link ReferenceQueue#TRIM_ABOVE} waiting, the oldest are dropped, so
   * capture is given the block pushed just before the last one, not one ten blocks stale.
   */
  @Test
  void aPersistentBacklogIsTrimmedToTheFreshestBlocks() {
    ReferenceQueue q = new ReferenceQueue(16);
    int pushed = 0;
    for (; pushed < 10; pushed++) {
      q.push(block(pushed));
    }
    for (int i = 0; i < ReferenceQueue.TRIM_WINDOW - 1; i++) {
      q.push(block(pushed++));
      assertThat(q.poll()[0]).isEqualTo((short) (pushed - 11));
    }
    assertThat(q.trims()).isZero();
    q.push(block(pushed++));
    assertThat(q.poll()[0]).isEqualTo((short) (pushed - ReferenceQueue.TRIM_KEEP));
    assertThat(q.trims()).isEqualTo(1);
    assertThat(q.queued()).isEqualTo(ReferenceQueue.TRIM_KEEP - 1);
    assertThat(q.underflows()).isZero();
  }

  /**
   * Two threads' jitter: render delivers in bursts of up to five blocks and capture catches up, so
   * the queue swings between empty and full of fresh blocks; as long as some poll of each window
   * finds it nearly empty, nothing is trimmed and no block is lost.
   */
  @Test
  void burstsThatDrainAreNeverTrimmed() {
    ReferenceQueue q = new ReferenceQueue(16);
    java.util.Random random = new java.util.Random(3);
    int pushed = 0;
    int polled = 0;
    for (int round = 0; round < 2_000; round++) {
      int burst = 1 + random.nextInt(5);
      for (int i = 0; i < burst; i++) {
        q.push(block(pushed++));
      }
      while (q.queued() > random.nextInt(2)) {
        assertThat(q.poll()[0]).isEqualTo((short) polled++);
      }
    }
    assertThat(q.trims()).isZero();
    assertThat(q.overflows()).isZero();
  }
}
