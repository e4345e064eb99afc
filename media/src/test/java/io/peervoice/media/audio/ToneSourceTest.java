package io.peervoice.media.audio;

import static io.peervoice.media.audio.Signals.amplitudeAt;
import static io.peervoice.media.audio.Signals.db;
import static io.peervoice.media.audio.Signals.rms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToneSourceTest {
  private static final int F = PcmFormat.FRAME_SAMPLES;

  static short[] readFrames(AudioSource source, int frames) {
    short[] all = new short[frames * F];
    short[] frame = new short[F];
    for (int i = 0; i < frames; i++) {
      assertThat(source.read(frame)).as("frame %d", i).isTrue();
      System.arraycopy(frame, 0, all, i * F, F);
    }
    return all;
  }

  static int framesUntilEnd(AudioSource source) {
    short[] frame = new short[F];
    int n = 0;
    while (source.read(frame)) {
      n++;
      assertThat(n).isLessThan(1_000_000);
    }
    return n;
  }

  @Test
  void aTimedToneSuppliesExactlyItsFramesThenEnds() {
    assertThat(framesUntilEnd(ToneSource.of(1000, -6, Duration.ofSeconds(1)))).isEqualTo(50);
    assertThat(framesUntilEnd(ToneSource.of(1000, -6, Duration.ofMillis(20)))).isEqualTo(1);

    ToneSource partial = ToneSource.of(1000, -6, Duration.ofMillis(30));
    short[] frame = new short[F];
    assertThat(partial.read(frame)).isTrue();
    assertThat(partial.read(frame)).isTrue();
    assertThat(rms(frame, 0, 480)).isGreaterThan(10000);
    assertThat(rms(frame, 480, F)).isZero();
    assertThat(partial.read(frame)).isFalse();
    assertThat(frame).containsOnly((short) 0);
  }

  @Test
  void phaseRunsOnAcrossFrameBoundaries() {
    double amplitude = ToneSource.amplitude(-6);
    short[] all = readFrames(ToneSource.continuous(997, -6), 100);
    for (int n = 0; n < all.length; n++) {
      double ideal = amplitude * Math.sin(2 * Math.PI * 997 * n / 48000.0);
      assertThat(Math.abs(all[n] - ideal)).as("sample %d", n).isLessThanOrEqualTo(0.5 + 1e-6);
    }
    double maxStep = amplitude * 2 * Math.PI * 997 / 48000;
    for (int b = F; b < all.length; b += F) {
      assertThat((double) Math.abs(all[b] - all[b - 1])).isLessThanOrEqualTo(maxStep + 1);
    }
  }

  @Test
  void levelIsPeakDbfs() {
    short[] full = readFrames(ToneSource.continuous(1000, 0), 50);
    assertThat(full).contains(Short.MAX_VALUE, (short) -Short.MAX_VALUE);
    assertThat(db(rms(full, 0, full.length) / Short.MAX_VALUE)).isCloseTo(-3.01, within(0.01));
    short[] quiet = readFrames(ToneSource.continuous(1000, -20), 50);
    assertThat(db(rms(quiet, 0, quiet.length) * Math.sqrt(2) / Short.MAX_VALUE))
        .isCloseTo(-20, within(0.01));
  }

  @Test
  void dtmfKeysAreTheirTwoQ23Frequencies() {
    short[] five = readFrames(ToneSource.dtmf('5', -10, Duration.ofMillis(100)), 5);
    double expected = ToneSource.amplitude(-10);
    assertThat(amplitudeAt(five, 0, five.length, 770, 48000) / expected).isCloseTo(1, within(0.01));
    assertThat(amplitudeAt(five, 0, five.length, 1336, 48000) / expected)
        .isCloseTo(1, within(0.01));
    assertThat(amplitudeAt(five, 0, five.length, 697, 48000) / expected).isLessThan(0.02);
    assertThat(amplitudeAt(five, 0, five.length, 1209, 48000) / expected).isLessThan(0.02);
    assertThat(ToneSource.dtmf('#', -10, Duration.ofMillis(1)).tones())
        .extracting(ToneSource.Tone::frequencyHz)
        .containsExactly(941.0, 1477.0);
    assertThatThrownBy(() -> ToneSource.dtmf('x', -10, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsTonesItCannotPlay() {
    assertThatThrownBy(() -> ToneSource.continuous(24000, -6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ToneSource.continuous(1000, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ToneSource.of(
                    List.of(new ToneSource.Tone(350, 0), new ToneSource.Tone(440, -6)),
                    Optional.empty()))
        .hasMessageContaining("full scale");
    assertThatThrownBy(() -> ToneSource.of(1000, -6, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
