package io.peervoice.media.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peervoice.media.processing.AudioProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bench's figures against processors whose effect is known: an oracle that removes the echo
 * exactly, one that passes the microphone through, one that mutes, and an oracle that also halves
 * the near end.
 */
class EchoMetricsTest {
  static EchoSignals signals;

  @BeforeAll
  static void scene() {
    signals =
        EchoScene.builder(EchoFixtures.far())
            .near(EchoFixtures.near())
            .rir(EchoFixtures.room("room-living-rt04"))
            .delayMillis(60)
            .noiseDbfs(-70)
            .build()
            .mix();
  }

  private static EchoBenchResult measure(AudioProcessor p) {
    return EchoMetrics.measure(signals, EchoBench.run(signals, p));
  }

  @Test
  void talkIsClassifiedFromTheCleanParts() {
    EchoBenchResult r = measure(FakeProcessors.passThrough());
    // the near end starts at 4.5 s (with pauses between its words); the far end talks for most
    // of the 9 s
    assertThat(r.audioSeconds()).isEqualTo(9.0);
    assertThat(r.singleTalkSeconds()).isBetween(3.5, 6.0);
    assertThat(r.doubleTalkSeconds()).isBetween(1.5, 4.5);
    assertThat(r.clippedSamples()).isZero();
  }

  @Test
  void theOracleCancelsEverythingAndKeepsTheNearEnd() {
    EchoBenchResult r = measure(FakeProcessors.oracle(signals, 1.0));
    // what is left is the -70 dBFS noise (and rounding): ERLE is the echo-to-noise ratio
    assertThat(r.erleDb()).isGreaterThan(40);
    assertThat(r.erleAfter2sDb()).isGreaterThan(40);
    assertThat(r.convergenceMillis()).isBetween(100, 300);
    assertThat(r.doubletalkNearCorr()).isGreaterThan(0.99);
    assertThat(r.doubletalkNearSuppressionDb()).isCloseTo(0.0, within(0.1));
    // in double talk only the -70 dBFS noise is left beside the near end
    assertThat(r.doubletalkEchoReductionDb()).isGreaterThan(30);
    assertThat(r.doubletalkResidualToNearDb()).isLessThan(-30);
  }

  @Test
  void passingTheMicrophoneThroughEnhancesNothing() {
    EchoBenchResult r = measure(FakeProcessors.passThrough());
    assertThat(r.erleDb()).isCloseTo(0.0, within(0.1));
    assertThat(r.erleAfter2sDb()).isCloseTo(0.0, within(0.1));
    assertThat(r.convergenceMillis()).isEqualTo(-1);
    // the near end is all there, and so is the echo over it
    assertThat(r.doubletalkNearSuppressionDb()).isCloseTo(0.0, within(0.1));
    assertThat(r.doubletalkNearCorr())
        .isLessThan(measure(FakeProcessors.oracle(signals, 1.0)).doubletalkNearCorr());
    // the far end hears all of its echo, at its level over the near end at the microphone
    assertThat(r.doubletalkEchoReductionDb()).isCloseTo(0.0, within(0.3));
    assertThat(r.doubletalkResidualToNearDb()).isCloseTo(r.doubletalkEchoToNearDb(), within(1.0));
  }

  @Test
  void halvingTheNearEndIsSixDecibelsOfSuppression() {
    EchoBenchResult r = measure(FakeProcessors.oracle(signals, 0.5));
    assertThat(r.doubletalkNearSuppressionDb()).isCloseTo(6.02, within(0.1));
    assertThat(r.doubletalkNearCorr()).isGreaterThan(0.99);
  }

  @Test
  void aLateOutputIsAlignedBeforeItIsMeasured() {
    // webrtc-aec3 with everything on at 48 kHz delays its output by 718 samples (15 ms): not a
    // whole number of 10 ms blocks, so unaligned, the near end's word ends would leak into the
    // next far-end single-talk blocks as "residual echo" and each output block's envelope would
    // straddle two input blocks
    EchoBenchResult onTime = measure(FakeProcessors.oracle(signals, 1.0));
    EchoBenchResult late =
        measure(FakeProcessors.delayed(FakeProcessors.oracle(signals, 1.0), 718));
    assertThat(onTime.stageLatencyMillis()).isZero();
    assertThat(late.stageLatencyMillis()).isCloseTo(718 / 48.0, within(0.01));
    assertThat(late.erleDb()).isCloseTo(onTime.erleDb(), within(0.5));
    assertThat(late.erleAfter2sDb()).isCloseTo(onTime.erleAfter2sDb(), within(0.5));
    assertThat(late.doubletalkNearCorr()).isGreaterThan(0.99);
    assertThat(late.doubletalkNearSuppressionDb()).isCloseTo(0.0, within(0.1));
    EchoBenchResult halvedLate =
        measure(FakeProcessors.delayed(FakeProcessors.oracle(signals, 0.5), 300));
    assertThat(halvedLate.doubletalkNearSuppressionDb()).isCloseTo(6.02, within(0.1));
  }

  @Test
  void theLatencyIsFoundToTheSample() {
    double[] near = new double[48 * AudioProcessor.BLOCK_SAMPLES];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < near.length; i++) {
      near[i] = random.nextGaussian() * 1000;
    }
    boolean[] doubleTalk = new boolean[48];
    java.util.Arrays.fill(doubleTalk, 10, 40, true);
    for (int lag : new int[] {0, 1, 431, 718, EchoMetrics.MAX_LATENCY_SAMPLES}) {
      short[] output = new short[near.length];
      for (int i = lag; i < near.length; i++) {
        output[i] = (short) Math.round(near[i - lag] * 0.3);
      }
      assertThat(EchoMetrics.latencySamples(near, output, doubleTalk)).isEqualTo(lag);
      assertThat(EchoMetrics.advance(output, lag)[5]).isEqualTo(output[5 + lag]);
    }
  }

  @Test
  void mutingLosesTheNearEnd() {
    EchoBenchResult r = measure(FakeProcessors.mute());
    assertThat(r.erleDb()).isGreaterThan(60);
    assertThat(r.doubletalkNearSuppressionDb()).isEqualTo(120.0);
    assertThat(r.doubletalkNearCorr()).isEqualTo(0.0);
  }

  @Test
  void withoutANearEndTheDoubleTalkFiguresAreNotMeasured() {
    EchoSignals farOnly = EchoScene.builder(EchoFixtures.far()).delayMillis(20).build().mix();
    EchoBenchResult r =
        EchoMetrics.measure(farOnly, EchoBench.run(farOnly, FakeProcessors.passThrough()));
    assertThat(r.doubleTalkSeconds()).isZero();
    assertThat(r.doubletalkNearCorr()).isNaN();
    assertThat(r.doubletalkNearSuppressionDb()).isNaN();
    assertThat(r.singleTalkSeconds()).isGreaterThan(7.0);
  }
}
