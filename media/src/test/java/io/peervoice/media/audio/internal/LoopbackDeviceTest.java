package io.peervoice.media.audio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The fake loopback card on a fake clock: what is played comes back as capture as the clock runs,
 * silence when nothing was played (the playback side under-ran), and a capture side that is not
 * read keeps only its buffer's newest samples.
 */
class LoopbackDeviceTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LoopbackDevice card = new LoopbackDevice(now::get);

  private void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000);
  }

  @Test
  void whatIsPlayedIsCapturedAsTheClockRuns() throws Exception {
    card.openPlayback(960);
    card.openCapture(1920);
    short[] tone = new short[480];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (short) (i + 1);
    }
    assertThat(card.play(tone, 0, 480)).isEqualTo(480);
    assertThat(card.playbackFree()).isEqualTo(480);
    assertThat(card.captureQueued()).isZero();
    advanceMillis(5);
    assertThat(card.captureQueued()).isEqualTo(240);
    advanceMillis(10);
    // 10 ms of the tone, then 5 ms of silence: nothing more was played
    assertThat(card.captureQueued()).isEqualTo(720);
    short[] got = new short[720];
    assertThat(card.capture(got, 0, 720)).isEqualTo(720);
    assertThat(got[0]).isEqualTo((short) 1);
    assertThat(got[479]).isEqualTo((short) 480);
    assertThat(got[480]).isZero();
    assertThat(card.playbackFree()).isEqualTo(960);
  }

  @Test
  void anUnreadCaptureSideKeepsItsNewestBuffer() throws Exception {
    card.openCapture(480);
    card.openPlayback(4800);
    short[] ramp = new short[1440];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = (short) i;
    }
    card.play(ramp, 0, ramp.length);
    advanceMillis(30);
    assertThat(card.captureQueued()).isEqualTo(480);
    short[] got = new short[480];
    card.capture(got, 0, 480);
    assertThat(got[0]).isEqualTo((short) 960);
  }

  @Test
  void closingReleasesABlockedReader() throws Exception {
    card.openCapture(480);
    Thread closer = new Thread(card::closeCapture);
    closer.start();
    short[] got = new short[480];
    assertThat(card.capture(got, 0, 480)).isZero();
    closer.join();
  }
}
