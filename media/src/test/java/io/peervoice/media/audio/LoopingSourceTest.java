package io.peervoice.media.audio;

import static io.peervoice.media.audio.ToneSourceTest.framesUntilEnd;
import static io.peervoice.media.audio.ToneSourceTest.readFrames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoopingSourceTest {
  private static final PcmClip RAMP = ramp(700);

  private static PcmClip ramp(int n) {
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) (i + 1);
    }
    return new PcmClip(48000, s);
  }

  @Test
  void repeatsTheClipSampleBySampleAcrossFrames() {
    short[] all = readFrames(LoopingSource.forever(RAMP), 20);
    for (int i = 0; i < all.length; i++) {
      assertThat(all[i]).as("sample %d", i).isEqualTo((short) (i % 700 + 1));
    }
  }

  @Test
  void putsTheGapBetweenRepetitionsButNotAfterTheLast() {
    LoopingSource three = LoopingSource.repeat(RAMP, 3, Duration.ofMillis(10));
    short[] all = readFrames(three, 4);
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    assertThat(three.read(frame)).isFalse();
    // 700 ramp + 480 silence + 700 ramp + 480 silence + 700 ramp = 3060 samples, then padding
    int cycle = 700 + 480;
    for (int i = 0; i < all.length; i++) {
      short expected = i < 3060 && i % cycle < 700 ? (short) (i % cycle + 1) : 0;
      assertThat(all[i]).as("sample %d", i).isEqualTo(expected);
    }
    assertThat(framesUntilEnd(LoopingSource.repeat(RAMP, 1, Duration.ZERO))).isEqualTo(1);
  }

  @Test
  void needsANonEmptyFortyEightKilohertzClip() {
    assertThatThrownBy(() -> LoopingSource.forever(new PcmClip(16000, new short[10])))
        .hasMessageContaining("16000 Hz");
    assertThatThrownBy(() -> LoopingSource.forever(new PcmClip(48000, new short[0])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoopingSource.repeat(RAMP, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
