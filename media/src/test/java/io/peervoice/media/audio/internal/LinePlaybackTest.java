package io.peervoice.media.audio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevice.Kind;
import io.peervoice.media.audio.DeviceStats;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The playback side's ring: the media clock ({@code write}) never blocks; the device thread ({@code
 * pump}) writes 10 ms blocks, waits for the next frame while the line still holds audio, and writes
 * silence (one counted under-run per gap) only when the line is about to run dry.
 */
class LinePlaybackTest {
  private static final AudioDevice SPEAKER = new AudioDevice("spk", "", Kind.PLAYBACK);
  private static final int LINE_BYTES = 40 * 48 * 2;

  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final AtomicInteger free = new AtomicInteger(LINE_BYTES);

  private LinePlayback playback() {
    return new LinePlayback(
        SPEAKER,
        1,
        (b, off, len) -> {
          written.write(b, off, len);
          return len;
        },
        free::get,
        LINE_BYTES,
        () -> {});
  }

  private static short[] frame(int value) {
    short[] f = new short[960];
    Arrays.fill(f, (short) value);
    return f;
  }

  @Test
  void writesBlocksAndWaitsWhileTheLineStillHoldsAudio() throws Exception {
    LinePlayback p = playback();
    assertThat(p.pump()).as("nothing played yet: waits, writes nothing").isTrue();
    assertThat(written.size()).isZero();
    p.write(frame(3));
    p.pump();
    p.pump();
    assertThat(written.size()).isEqualTo(1920);
    free.set(LINE_BYTES - 960 * 2); // 20 ms still queued in the line
    p.pump();
    assertThat(written.size()).as("waited for the next frame").isEqualTo(1920);
    DeviceStats stats = p.playbackStats().orElseThrow();
    assertThat(stats.underruns()).isZero();
    // first block: 20 ms in the ring, empty line; second: 10 ms in the ring, empty line
    assertThat(stats.latencyMillis()).isEqualTo(15.0);
  }

  @Test
  void aLineAboutToRunDryGetsSilenceCountedAsOneUnderRunPerGap() throws Exception {
    LinePlayback p = playback();
    p.write(frame(3));
    p.pump();
    p.pump();
    free.set(LINE_BYTES - 200); // 100 samples left in the line: less than a block
    p.pump();
    p.pump();
    p.write(frame(4));
    p.pump();
    p.pump();
    p.pump();
    byte[] out = written.toByteArray();
    assertThat(out).hasSize(7 * 960);
    assertThat(out[2 * 960]).as("silence").isZero();
    assertThat(out[4 * 960]).isEqualTo((byte) 4);
    DeviceStats stats = p.playbackStats().orElseThrow();
    assertThat(stats.underruns()).isEqualTo(2);
    assertThat(stats.underrunMillis()).isEqualTo(30);
  }

  @Test
  void aClockAheadOfTheDeviceOverrunsTheRingWithoutBlocking() throws Exception {
    LinePlayback p = playback();
    for (int i = 0; i < 5; i++) {
      p.write(frame(i));
    }
    p.pump();
    assertThat(written.toByteArray()[0]).as("frames 0 and 1 were dropped").isEqualTo((byte) 2);
    assertThat(p.playbackStats().orElseThrow().overruns()).isEqualTo(2);
    p.close();
    p.write(frame(9));
    assertThat(p.pump()).isFalse();
  }
}
