package io.peervoice.media.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The bundled speech sample: about five seconds of synthetic English speech (espeak-ng, generated
 * by {@code media/tools/make-speech-sample.sh}), 48 kHz mono.
 */
public final class SpeechSample {
  private static final String RESOURCE = "speech-sample.wav";

  private SpeechSample() {}

  public static PcmClip load() {
    try (InputStream in = SpeechSample.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled " + RESOURCE + " is missing from the jar");
      }
      return WavFile.read(in, RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
