package io.peervoice.media.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.peervoice.media.audio.PcmClip;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EchoSceneTest {

  private static PcmClip random(int samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    short[] s = new short[samples];
    for (int i = 0; i < samples; i++) {
      s[i] = (short) r.nextInt(-8000, 8000);
    }
    return new PcmClip(48_000, s);
  }

  @Test
  void aPlainDelayLineDelaysAndScales() {
    PcmClip far = random(4_800, 1);
    EchoSignals s = EchoScene.builder(far).delayMillis(10).echoGainDb(-6.0206).build().mix();
    assertThat(s.length()).isEqualTo(4_800);
    for (int i = 0; i < 480; i++) {
      assertThat(s.echo()[i]).isCloseTo(0.0, within(1e-6));
    }
    for (int i = 480; i < 4_800; i++) {
      assertThat(s.echo()[i]).isCloseTo(far.samples()[i - 480] * 0.5, within(1e-3));
    }
    assertThat(s.mic()[1000]).isEqualTo((short) Math.round(far.samples()[520] * 0.5));
  }

  @Test
  void theRoomResponseIsConvolvedAtUnitEnergy() {
    PcmClip far = random(20_000, 2);
    short[] taps = new short[3_000];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < taps.length; i++) {
      taps[i] = (short) (r.nextInt(-1000, 1000) * Math.exp(-i / 500.0));
    }
    double energy = 0;
    for (short t : taps) {
      energy += (double) t * t;
    }
    double scale = 1 / Math.sqrt(energy);
    EchoSignals s =
        EchoScene.builder(far).rir(new PcmClip(48_000, taps)).delayMillis(5).build().mix();
    for (int at : new int[] {0, 239, 240, 241, 5_000, 19_999}) {
      double expected = 0;
      for (int k = 0; k < taps.length; k++) {
        int i = at - 240 - k;
        if (i >= 0) {
          expected += far.samples()[i] * taps[k] * scale;
        }
      }
      assertThat(s.echo()[at]).as("sample %d", at).isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void noiseHasItsLevelAndItsSeed() {
    PcmClip far = random(48_000, 4);
    EchoSignals a = EchoScene.builder(far).noiseDbfs(-40).seed(7).build().mix();
    EchoSignals b = EchoScene.builder(far).noiseDbfs(-40).seed(7).build().mix();
    double e = 0;
    for (double v : a.noise()) {
      e += v * v;
    }
    double dbfs = 10 * Math.log10(e / a.length() / (32768.0 * 32768.0));
    assertThat(dbfs).isCloseTo(-40, within(0.2));
    assertThat(a.noise()).isEqualTo(b.noise());
  }

  @Test
  void theLongerClipSetsTheLengthInWholeBlocks() {
    EchoSignals s = EchoScene.builder(random(1_000, 5)).near(random(2_000, 6)).build().mix();
    assertThat(s.length()).isEqualTo(2_400);
    assertThat(s.hasNear()).isTrue();
    assertThat(s.far()).hasSize(2_400);
  }

  @Test
  void aLoudEchoIsClippedAndCounted() {
    short[] loud = new short[4_800];
    java.util.Arrays.fill(loud, (short) 30_000);
    EchoSignals s = EchoScene.builder(new PcmClip(48_000, loud)).echoGainDb(6).build().mix();
    assertThat(s.clippedSamples()).isEqualTo(4_800);
    assertThat(s.mic()[100]).isEqualTo(Short.MAX_VALUE);
  }

  @Test
  void badValuesAreRefusedSayingWhich() {
    PcmClip far = random(4_800, 8);
    assertThatThrownBy(() -> EchoScene.builder(far).delayMillis(1_001).build())
        .hasMessage("delay must be 0..1000 ms, got 1001");
    assertThatThrownBy(() -> EchoScene.builder(far).echoGainDb(21).build())
        .hasMessage("echo gain must be -60..20 dB, got 21.0");
    assertThatThrownBy(() -> EchoScene.builder(far).noiseDbfs(0).build())
        .hasMessage("noise level must be -120..-10 dBFS, got 0.0");
    assertThatThrownBy(() -> EchoScene.builder(far).rir(new PcmClip(48_000, new short[10])).build())
        .hasMessage("the room response is all zeros");
    assertThatThrownBy(() -> EchoScene.builder(new PcmClip(16_000, new short[4_800])).build())
        .hasMessage("the far-end clip is 16000 Hz; resample it to 48 kHz first");
    assertThatThrownBy(() -> EchoScene.builder(new PcmClip(48_000, new short[100])).build())
        .hasMessage("the far-end speech is shorter than 10 ms");
    assertThatThrownBy(
            () -> EchoScene.builder(far).rir(new PcmClip(48_000, new short[48_000 * 4])).build())
        .hasMessage("the room response is 4.0 s long: at most 3 s");
  }
}
