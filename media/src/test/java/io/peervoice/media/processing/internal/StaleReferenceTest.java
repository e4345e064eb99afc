package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Playout starts before capture reaches the stage (CI's DeviceLoopbackCallTest once measured 5 dB
 * instead of 20-40): the reference queue then holds blocks older than the echo path is long, and
 * the echo reaches the canceller before its reference.
 */
class StaleReferenceTest {
  private static final int RATE = EchoScene.RATE;
  private static final int BLOCK = AudioProcessor.BLOCK_SAMPLES;
  private static final int ECHO_DELAY = 30 * 48;

  /**
   * Far-end speech-like noise through a 30 ms, 33 ms-decay echo path; render runs {@code ahead}
   * blocks before the first capture, then the two alternate as a device's threads do. From 2 s on
   * the stage's output is at least 25 dB below its microphone whatever the head start (before the
   * trim: about 50 dB up to 30 ms of head start, 2 dB from 40 ms on).
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 2, 4, 8, 16})
  void cancelsTheEchoWhenPlayoutStartedBeforeCapture(int ahead) {
    EchoScene scene = new EchoScene(5, 7);
    int length = scene.far.length;
    short[] f = new short[BLOCK];
    short[] m = new short[BLOCK];
    double in = 0;
    double out = 0;
    try (LongTailProcessor p =
        new LongTailProcessor(AudioProcessing.defaults().withGainControl(false))) {
      for (int b = 0; b < length / BLOCK; b++) {
        for (int i = 0; i < BLOCK; i++) {
          f[i] = scene.farAt(b * BLOCK + i);
          m[i] = scene.echo(b * BLOCK + i, ECHO_DELAY);
        }
        p.render(f);
        if (b < ahead) {
          continue;
        }
        double blockIn = EchoScene.energy(m);
        p.capture(m);
        if (b * BLOCK >= 2 * RATE) {
          in += blockIn;
          out += EchoScene.energy(m);
        }
      }
      assertThat(10 * Math.log10(in / out)).as("suppression from 2 s on").isGreaterThan(25);
      assertThat(p.referenceQueue().trims())
          .isEqualTo(ahead + 1 >= ReferenceQueue.TRIM_ABOVE ? 1 : 0);
    }
  }
}
