package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CallRecording}: what we hear alone as mono; both directions as stereo, left sent and right
 * heard, paired frame by frame; a direction that lags is padded with silence after {@value
 * CallRecording#MAX_LAG_FRAMES} frames; a complete, valid file at close.
 */
class CallRecordingTest {
  private static final int F = PcmFormat.FRAME_SAMPLES;

  private static short[] frame(int value) {
    short[] f = new short[F];
    Arrays.fill(f, (short) value);
    return f;
  }

  @Test
  void heardAloneIsMonoAndSentIsIgnored(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("heard.wav");
    CallRecording r = CallRecording.heard(file);
    assertThat(r.bothWays()).isFalse();
    r.sent(frame(1));
    r.heard(frame(2));
    r.heard(frame(3));
    r.close();
    r.close();
    assertThat(WavCheck.complete(file, 1)).isEqualTo(2L * F);
    assertThat(WavFile.read(file).samples()[F]).isEqualTo((short) 3);
  }

  @Test
  void bothWaysPairsSentLeftWithHeardRightInOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("both.wav");
    CallRecording r = CallRecording.bothWays(file);
    assertThat(r.bothWays()).isTrue();
    // the two ticks interleave irregularly, one direction up to 3 frames ahead
    r.sent(frame(10));
    r.sent(frame(11));
    r.sent(frame(12));
    r.heard(frame(-10));
    r.heard(frame(-11));
    r.sent(frame(13));
    r.heard(frame(-12));
    r.heard(frame(-13));
    assertThat(r.frames()).isEqualTo(4L * F);
    r.close();
    assertThat(WavCheck.complete(file, 2)).isEqualTo(4L * F);
    for (int i = 0; i < 4; i++) {
      assertThat(WavCheck.sample(file, 2, (long) i * F + 5, 0)).isEqualTo((short) (10 + i));
      assertThat(WavCheck.sample(file, 2, (long) i * F + 5, 1)).isEqualTo((short) -(10 + i));
    }
  }

  @Test
  void aDirectionThatHasNotStartedIsSilenceOnceTheOtherIsFiveFramesAhead(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("late.wav");
    CallRecording r = CallRecording.bothWays(file);
    for (int i = 0; i < 8; i++) {
      r.sent(frame(100 + i));
    }
    // 3 frames went out against silence; 5 wait for the peer's audio
    assertThat(r.frames()).isEqualTo(3L * F);
    r.heard(frame(-1));
    // it is back: the 4 older ones go out against silence, the newest pairs with it
    assertThat(r.frames()).isEqualTo(8L * F);
    r.sent(frame(108));
    r.heard(frame(-2));
    r.close();
    assertThat(WavCheck.complete(file, 2)).isEqualTo(9L * F);
    assertThat(WavCheck.sample(file, 2, 0, 0)).isEqualTo((short) 100);
    assertThat(WavCheck.sample(file, 2, 0, 1)).isZero();
    assertThat(WavCheck.sample(file, 2, 6L * F, 0)).isEqualTo((short) 106);
    assertThat(WavCheck.sample(file, 2, 6L * F, 1)).isZero();
    assertThat(WavCheck.sample(file, 2, 7L * F, 0)).isEqualTo((short) 107);
    assertThat(WavCheck.sample(file, 2, 7L * F, 1)).isEqualTo((short) -1);
    assertThat(WavCheck.sample(file, 2, 8L * F, 0)).isEqualTo((short) 108);
    assertThat(WavCheck.sample(file, 2, 8L * F, 1)).isEqualTo((short) -2);
  }
}
