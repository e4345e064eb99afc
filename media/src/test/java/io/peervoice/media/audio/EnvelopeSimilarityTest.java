package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeSimilarityTest {
  private final PcmClip speech = SpeechSample.load();

  private static PcmClip delayed(PcmClip clip, int millis) {
    short[] out = new short[clip.samples().length + 48 * millis];
    System.arraycopy(clip.samples(), 0, out, 48 * millis, clip.samples().length);
    return new PcmClip(48000, out);
  }

  @Test
  void findsTheDelayOfTheSameSpeech() {
    EnvelopeSimilarity.Result r = EnvelopeSimilarity.compare(speech, delayed(speech, 120), 1000);
    assertThat(r.correlation()).isGreaterThan(0.99);
    assertThat(r.lagMillis()).isEqualTo(120);
  }

  @Test
  void silenceDoesNotMatch() {
    PcmClip silence = new PcmClip(48000, new short[speech.samples().length]);
    assertThat(EnvelopeSimilarity.compare(speech, silence, 1000).correlation()).isZero();
  }

  @Test
  void noiseDoesNotMatch() {
    Random random = new Random(3);
    short[] noise = new short[speech.samples().length];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) (random.nextGaussian() * 3000);
    }
    assertThat(EnvelopeSimilarity.compare(speech, new PcmClip(48000, noise), 1000).correlation())
        .isLessThan(0.3);
  }

  @Test
  void halfTheSpeechMissingDoesNotMatch() {
    short[] half = speech.samples().clone();
    for (int i = half.length / 2; i < half.length; i++) {
      half[i] = 0;
    }
    assertThat(EnvelopeSimilarity.compare(speech, new PcmClip(48000, half), 1000).correlation())
        .isLessThan(0.9);
  }
}
