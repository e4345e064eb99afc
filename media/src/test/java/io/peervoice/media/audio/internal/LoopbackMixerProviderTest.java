package io.peervoice.media.audio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.AudioCapture;
import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevices;
import io.peervoice.media.audio.AudioPlayback;
import io.peervoice.media.audio.DeviceStats;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The documented fake line (no {@code snd-aloop} in this kernel): with {@code
 * peervoice.fakeAudio=loopback}, Java Sound itself lists the loopback card, and {@link
 * AudioDevices} opens its two ends like any device: a tone written to the playback end on a 20 ms
 * media clock comes back from the capture end, through the real device threads, rings and line
 * buffers, with the latency and under-runs measured.
 */
class LoopbackMixerProviderTest {

  @AfterEach
  void disable() {
    System.clearProperty("peervoice.fakeAudio");
  }

  @Test
  void hiddenUnlessAskedFor() {
    assertThat(LoopbackMixerProvider.enabled()).isFalse();
    assertThat(AudioDevices.list()).noneMatch(d -> d.name().equals(LoopbackMixerProvider.NAME));
  }

  @Test
  void playbackComesBackAsCaptureThroughJavaSound() throws Exception {
    System.setProperty("peervoice.fakeAudio", "loopback");
    assertThat(AudioDevices.list())
        .filteredOn(d -> d.name().equals(LoopbackMixerProvider.NAME))
        .extracting(AudioDevice::kind)
        .containsExactlyInAnyOrder(AudioDevice.Kind.CAPTURE, AudioDevice.Kind.PLAYBACK);
    AudioDevice any = AudioDevices.list().get(0);
    assertThat(any.formats())
        .extracting(Object::toString)
        .contains("PCM_SIGNED 48000 Hz 16-bit 1 ch LE");
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    AtomicLong heardLoud = new AtomicLong();
    try (AudioPlayback speaker = AudioDevices.openPlayback(Optional.of("loopback"));
        AudioCapture mic = AudioDevices.openCapture(Optional.of("loopback"))) {
      short[] tone = new short[960];
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
      }
      short[] in = new short[960];
      clock.scheduleAtFixedRate(
          () -> {
            speaker.write(tone);
            mic.read(in);
            if (Arrays.stream(toInts(in)).map(Math::abs).max().orElse(0) > 4000) {
              heardLoud.incrementAndGet();
            }
          },
          0,
          20,
          TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> heardLoud.get() >= 25);
      clock.shutdownNow();
      clock.awaitTermination(5, TimeUnit.SECONDS);
      DeviceStats out = speaker.playbackStats().orElseThrow();
      DeviceStats back = mic.captureStats().orElseThrow();
      System.out.println("loopback: " + out + " / " + back);
      assertThat(out.bufferMillis()).isEqualTo(40.0);
      assertThat(back.bufferMillis()).isEqualTo(40.0);
      assertThat(out.latencyMillis()).isBetween(0.0, 100.0);
      assertThat(back.latencyMillis()).isBetween(0.0, 100.0);
    } finally {
      clock.shutdownNow();
    }
  }

  private static int[] toInts(short[] s) {
    int[] out = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i];
    }
    return out;
  }
}
