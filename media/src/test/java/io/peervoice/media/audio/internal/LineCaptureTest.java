package io.peervoice.media.audio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevice.Kind;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LineCaptureTest {
  private static final AudioDevice MIC = new AudioDevice("mic", "", Kind.CAPTURE);

  @Test
  void assemblesAFrameFromShortReadsAndEndsOnAPartialOne() {
    AtomicInteger calls = new AtomicInteger();
    // delivers 7 bytes per call, 1930 bytes in all: one 1920-byte frame, then 10 bytes (5 samples)
    int[] left = {1930};
    LineCapture capture =
        new LineCapture(
            MIC,
            1,
            (b, off, len) -> {
              calls.incrementAndGet();
              int n = Math.min(Math.min(len, 7), left[0]);
              for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((i + off) % 2 == 0 ? 1 : 0);
              }
              left[0] -= n;
              return n;
            },
            () -> {});
    short[] frame = new short[960];
    assertThat(capture.read(frame)).isTrue();
    assertThat(frame).containsOnly((short) 1);
    assertThat(calls.get()).isEqualTo(275);
    assertThat(capture.read(frame)).isTrue();
    assertThat(frame[4]).isEqualTo((short) 1);
    assertThat(frame[5]).isZero();
    assertThat(capture.read(frame)).isFalse();
    assertThat(frame).containsOnly((short) 0);
  }

  @Test
  void closeReleasesTheLineOnceAndEndsReading() {
    AtomicInteger released = new AtomicInteger();
    LineCapture capture = new LineCapture(MIC, 2, (b, off, len) -> len, released::incrementAndGet);
    short[] frame = new short[960];
    assertThat(capture.read(frame)).isTrue();
    capture.close();
    capture.close();
    assertThat(released.get()).isEqualTo(1);
    assertThat(capture.read(frame)).isFalse();
  }
}
