package io.peervoice.media.echo;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.WavFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed bench inputs ({@code media/tools/make-echo-bench.py}), at 48 kHz. */
final class EchoFixtures {
  static final String[] ROOMS = {
    "room-office-rt02", "room-living-rt04", "room-meeting-rt06", "room-hall-rt08"
  };

  private EchoFixtures() {}

  static PcmClip far() {
    return load("far.wav");
  }

  static PcmClip near() {
    return load("near.wav");
  }

  static PcmClip room(String name) {
    return load(name + ".wav");
  }

  static PcmClip load(String resource) {
    try (InputStream in = EchoFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the test resources");
      }
      return WavFile.read(in, resource).resampledTo48k();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
