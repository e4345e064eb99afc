package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A device glitch moves the echo path mid-call: a playback under-run plays later (the path grows by
 * the gap), a capture over-run drops samples (it shrinks). The canceller's filter then no longer
 * fits and the echo leaks until it has re-converged: in the half second after a 10-40 ms jump the
 * output falls to 5-8 dB under the microphone, and it is back above 20 dB within about a second
 * (measured: 21-37 dB over the second that starts half a second after the jump, 46-54 dB after
 * that). The bound asserted: from 1.5 s after the jump on, at least 35 dB, the same as before it.
 * This is what a call over a glitching device pays; the loopback call test measures past it.
 */
class EchoPathJumpTest {
  private static final int RATE = EchoScene.RATE;
  private static final int BLOCK = AudioProcessor.BLOCK_SAMPLES;
  private static final double JUMP_SECONDS = 2.5;

  @ParameterizedTest(name = "{0} ms -> {1} ms")
  @CsvSource({"30,40", "30,50", "40,30", "50,30", "20,10", "60,20"})
  void theCancellerReconvergesWithinASecondAndAHalfOfAnEchoPathJump(int fromMs, int toMs) {
    EchoScene scene = new EchoScene(6, 7);
    int length = scene.far.length;
    short[] f = new short[BLOCK];
    short[] m = new short[BLOCK];
    double[] before = new double[2];
    double[] after = new double[2];
    try (LongTailProcessor p =
        new LongTailProcessor(AudioProcessing.defaults().withGainControl(false))) {
      for (int b = 0; b < length / BLOCK; b++) {
        double at = (double) b * BLOCK / RATE;
        int delay = (at < JUMP_SECONDS ? fromMs : toMs) * 48;
        for (int i = 0; i < BLOCK; i++) {
          f[i] = scene.farAt(b * BLOCK + i);
          m[i] = scene.echo(b * BLOCK + i, delay);
        }
        p.render(f);
        double in = EchoScene.energy(m);
        p.capture(m);
        double[] window =
            at >= 1 && at < JUMP_SECONDS ? before : at >= JUMP_SECONDS + 1.5 ? after : null;
        if (window != null) {
          window[0] += in;
          window[1] += EchoScene.energy(m);
        }
      }
    }
    double beforeDb = 10 * Math.log10(before[0] / before[1]);
    double afterDb = 10 * Math.log10(after[0] / after[1]);
    assertThat(beforeDb).as("converged before the jump").isGreaterThan(35);
    assertThat(afterDb).as("1.5 s after the jump, %.1f dB before it", beforeDb).isGreaterThan(35);
  }
}
