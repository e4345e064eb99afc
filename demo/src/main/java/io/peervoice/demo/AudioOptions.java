package io.peervoice.demo;

import io.peervoice.media.audio.AudioDeviceException;
import io.peervoice.media.audio.AudioDevices;
import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.WavFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --play FILE|--mic} and {@code --record FILE|--speaker}, shared by listen and call. */
final class AudioOptions {

  static final class In {
    @Option(names = "--play", paramLabel = "FILE.wav", description = "Send this WAV file.")
    Path play;

    @Option(names = "--mic", description = "Send the default microphone.")
    boolean mic;
  }

  static final class Out {
    @Option(names = "--record", paramLabel = "FILE.wav", description = "Write what we hear.")
    Path record;

    @Option(names = "--speaker", description = "Play what we hear on the default speaker.")
    boolean speaker;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  In in;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Out out;

  private final List<AutoCloseable> devices = new ArrayList<>();
  private PcmRecorder recorder;
  private PcmClip playClip;

  /** Opens devices and files; a clear message if that fails. */
  void open() throws IOException {
    if (in != null && in.play != null) {
      playClip = WavFile.readAs48k(in.play);
    }
    if (out != null && out.record != null) {
      recorder = new PcmRecorder(3_600);
    }
  }

  AudioSource source() throws AudioDeviceException {
    if (in != null && in.mic) {
      var capture = AudioDevices.openCapture(Optional.empty());
      devices.add(capture);
      return capture;
    }
    return playClip != null ? playClip.asSource() : AudioSource.silence();
  }

  AudioSink sink() throws AudioDeviceException {
    if (out != null && out.speaker) {
      var playback = AudioDevices.openPlayback(Optional.empty());
      devices.add(playback);
      return playback;
    }
    return recorder != null ? recorder : frame -> {};
  }

  /**
   * Sets the phone's audio: our source, and our sink feeding the status line's level meter. A
   * device that cannot open fails the call's media with its message.
   */
  io.peervoice.sdk.PhoneConfig.Builder wire(
      io.peervoice.sdk.PhoneConfig.Builder builder, StatusLine status) {
    return builder
        .audioSource(c -> open(this::source))
        .audioSink(
            c -> {
              AudioSink sink = open(this::sink);
              return frame -> {
                status.heard(frame);
                sink.write(frame);
              };
            });
  }

  private interface DeviceOpener<T> {
    T open() throws AudioDeviceException;
  }

  private static <T> T open(DeviceOpener<T> opener) {
    try {
      return opener.open();
    } catch (AudioDeviceException e) {
      throw new java.io.UncheckedIOException(new IOException(e.getMessage(), e));
    }
  }

  /** What was played, if a file was given. */
  Optional<PcmClip> played() {
    return Optional.ofNullable(playClip);
  }

  /** Writes the recording, closes devices. */
  Optional<Path> finish() throws IOException {
    for (AutoCloseable d : devices) {
      try {
        d.close();
      } catch (Exception e) {
        // closing a device cannot fail the call
      }
    }
    if (recorder != null) {
      WavFile.write(out.record, recorder.clip());
      return Optional.of(out.record);
    }
    return Optional.empty();
  }

  Optional<PcmClip> heard() {
    return Optional.ofNullable(recorder).map(PcmRecorder::clip);
  }
}
