package io.peervoice.media.audio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevice.Kind;
import io.peervoice.media.audio.DeviceStats;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The capture side's ring: the device thread ({@code pump}) reads 10 ms blocks, the media clock
 * ({@code read}) takes 20 ms frames without blocking; a device that is late gives silence and one
 * counted under-run per run of silence; a device that runs ahead of the clock overruns the 60 ms
 * ring, which keeps the newest audio; what waits is trimmed to 30 ms at the first read and after a
 * second in which even the least waiting exceeded 40 ms, never for a single late read.
 */
class LineCaptureTest {
  private static final AudioDevice MIC = new AudioDevice("mic", "", Kind.CAPTURE);

  @Test
  void assemblesBlocksFromShortReadsAndEndsOnAPartialOne() {
    AtomicInteger calls = new AtomicInteger();
    // delivers 7 bytes per call, 1930 bytes in all: two 960-byte blocks, then 10 bytes (5 samples)
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
            () -> 0,
            3840,
            () -> {});
    assertThat(capture.pump()).isTrue();
    assertThat(capture.pump()).isTrue();
    assertThat(capture.pump()).isFalse();
    short[] frame = new short[960];
    assertThat(capture.read(frame)).isTrue();
    assertThat(frame).containsOnly((short) 1);
    assertThat(capture.read(frame)).isTrue();
    assertThat(frame[4]).isEqualTo((short) 1);
    assertThat(frame[5]).isZero();
    assertThat(capture.read(frame)).isFalse();
    assertThat(frame).containsOnly((short) 0);
  }

  @Test
  void aLateDeviceGivesSilenceAndCountsOneUnderRunPerGap() {
    LineCapture capture = constant((short) 7, () -> 480);
    short[] frame = new short[960];
    assertThat(capture.read(frame))
        .as("before the first block: silence, not an under-run")
        .isTrue();
    assertThat(frame).containsOnly((short) 0);
    capture.pump();
    capture.pump();
    assertThat(capture.read(frame)).isTrue();
    assertThat(frame).containsOnly((short) 7);
    // the device is late twice in a row, then delivers, then is late again
    capture.read(frame);
    assertThat(frame).containsOnly((short) 0);
    capture.read(frame);
    capture.pump();
    capture.pump();
    capture.read(frame);
    assertThat(frame).containsOnly((short) 7);
    capture.read(frame);
    DeviceStats stats = capture.captureStats().orElseThrow();
    assertThat(stats.underruns()).isEqualTo(2);
    assertThat(stats.underrunMillis()).isEqualTo(60);
    assertThat(stats.overruns()).isZero();
    // each frame was taken with 20 ms in the ring and 480 bytes (240 samples, 5 ms) in the line
    assertThat(stats.latencyMillis()).isEqualTo(25.0);
    assertThat(stats.bufferMillis()).isEqualTo(40.0);
  }

  @Test
  void beforeTheFirstReadTheRingKeepsTheNewestAudioAndTheFirstReadKeepsThirtyMilliseconds() {
    short[] next = {0};
    LineCapture capture =
        new LineCapture(
            MIC,
            1,
            (b, off, len) -> {
              for (int i = 0; i < len; i += 2) {
                b[off + i] = (byte) next[0];
              }
              next[0]++;
              return len;
            },
            () -> 0,
            3840,
            () -> {});
    int blocks = LineCapture.RING_MILLIS / 10 + 4;
    for (int i = 0; i < blocks; i++) {
      capture.pump();
    }
    short[] frame = new short[960];
    capture.read(frame);
    assertThat(frame[0]).as("all but the last 3 blocks dropped").isEqualTo((short) (blocks - 3));
    assertThat(capture.captureStats().orElseThrow().overruns())
        .as("recorded before the call read: not over-runs")
        .isZero();
    assertThat(capture.captureStats().orElseThrow().maxLatencyMillis()).isEqualTo(30.0);
    // once the call reads, a full ring's drops are over-runs
    for (int i = 0; i < blocks; i++) {
      capture.pump();
    }
    assertThat(capture.captureStats().orElseThrow().overruns())
        .isEqualTo(blocks - (LineCapture.RING_MILLIS / 10 - 1));
  }

  @Test
  void aSingleLateReadDropsNothingButASecondOfExcessIsTrimmed() {
    LineCapture capture = constant((short) 7, () -> 0);
    short[] frame = new short[960];
    capture.pump();
    capture.pump();
    capture.read(frame);
    // one late media tick: 50 ms wait at the next read, then the ticks catch up
    for (int i = 0; i < 5; i++) {
      capture.pump();
    }
    capture.read(frame);
    assertThat(capture.captureStats().orElseThrow().overruns()).isZero();
    // from now on 50 ms or more wait at every read, for a second: the device runs ahead
    for (int i = 0; i < LineCapture.TRIM_READS; i++) {
      capture.pump();
      capture.pump();
      capture.read(frame);
    }
    assertThat(capture.captureStats().orElseThrow().overruns()).isEqualTo(1);
    // the trim left 10 ms after that read's frame: the next read has only 20 + 10 ms waiting, and
    // the one after it comes up short (an under-run) rather than 50 ms late
    capture.pump();
    capture.pump();
    capture.read(frame);
    capture.read(frame);
    assertThat(capture.captureStats().orElseThrow().maxLatencyMillis()).isEqualTo(50.0);
    assertThat(capture.captureStats().orElseThrow().underruns()).isEqualTo(1);
  }

  @Test
  void closeReleasesTheLineOnceAndEndsReading() {
    AtomicInteger released = new AtomicInteger();
    LineCapture capture =
        new LineCapture(MIC, 2, (b, off, len) -> len, () -> 0, 7680, released::incrementAndGet);
    short[] frame = new short[960];
    capture.pump();
    capture.pump();
    assertThat(capture.read(frame)).isTrue();
    capture.close();
    capture.close();
    assertThat(released.get()).isEqualTo(1);
    assertThat(capture.read(frame)).isFalse();
    assertThat(capture.pump()).isFalse();
  }

  private static LineCapture constant(short value, java.util.function.IntSupplier queued) {
    return new LineCapture(
        MIC,
        1,
        (b, off, len) -> {
          for (int i = 0; i < len; i += 2) {
            b[off + i] = (byte) value;
          }
          return len;
        },
        queued,
        3840,
        () -> {});
  }
}
