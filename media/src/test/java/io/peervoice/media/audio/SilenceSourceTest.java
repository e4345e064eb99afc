package io.peervoice.media.audio;

import static io.peervoice.media.audio.ToneSourceTest.framesUntilEnd;
import static io.peervoice.media.audio.ToneSourceTest.readFrames;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SilenceSourceTest {

  @Test
  void lastsExactlyItsDurationInFrames() {
    assertThat(framesUntilEnd(SilenceSource.of(Duration.ofMillis(50)))).isEqualTo(3);
    assertThat(framesUntilEnd(SilenceSource.of(Duration.ofSeconds(2)))).isEqualTo(100);
  }

  @Test
  void isSilentAndOverwritesWhatTheFrameHeld() {
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    Arrays.fill(frame, (short) 123);
    assertThat(SilenceSource.endless().read(frame)).isTrue();
    assertThat(frame).containsOnly((short) 0);
    assertThat(readFrames(SilenceSource.endless(), 1000)).containsOnly((short) 0);
  }
}
