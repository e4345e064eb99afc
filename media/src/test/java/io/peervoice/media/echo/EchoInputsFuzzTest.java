package io.peervoice.media.echo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.Resampler;
import io.peervoice.media.audio.WavFile;
import io.peervoice.media.audio.WavFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The echo bench's path for a user's file ({@code peervoice bench aec --rir/--near FILE.wav}) on
 * arbitrary bytes: read as WAV, converted to 48 kHz as {@link WavFile#readAs48k} does, and used as
 * the room response and the near end of a scene that is then mixed. Nothing escapes but {@link
 * WavFormatException} (a bad file) or {@link IllegalArgumentException} (a file the scene refuses,
 * e.g. an all-zero response), and a mixed scene is whole: as long as the far end, every part
 * finite. WAV decoding itself is budgeted by {@code WavFileFuzzTest}. Seeds: {@code
 * EchoInputsFuzzTestInputs/roomResponse/}.
 */
class EchoInputsFuzzTest {
  private static final PcmClip FAR = new PcmClip(48_000, tone());

  private static short[] tone() {
    short[] s = new short[4_800];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) (8_000 * Math.sin(i * 0.05));
    }
    return s;
  }

  @FuzzTest(maxDuration = "5m")
  void roomResponse(byte[] data) throws IOException {
    PcmClip clip;
    try {
      clip = WavFile.read(new ByteArrayInputStream(data), "fuzz.wav");
    } catch (WavFormatException e) {
      return;
    }
    if (!Resampler.isSupported(clip.sampleRate()) || clip.samples().length == 0) {
      return;
    }
    PcmClip at48k = clip.resampledTo48k();
    EchoSignals signals;
    try {
      signals = EchoScene.builder(FAR).rir(at48k).near(at48k).delayMillis(10).build().mix();
    } catch (IllegalArgumentException e) {
      return;
    }
    assertThat(signals.length() % 480).isZero();
    assertThat(signals.length()).isGreaterThanOrEqualTo(FAR.samples().length);
    for (double v : signals.echo()) {
      assertThat(Double.isFinite(v)).isTrue();
    }
  }
}
