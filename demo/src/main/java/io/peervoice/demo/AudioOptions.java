package io.peervoice.demo;

import io.peervoice.media.audio.AudioDeviceException;
import io.peervoice.media.audio.AudioDevices;
import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.EnvelopeMeter;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.WavStreamSource;
import io.peervoice.sdk.Call;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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

  private final List<AutoCloseable> devices = new CopyOnWriteArrayList<>();
  private Recordings recordings;
  private volatile EnvelopeMeter playedMeter;
  private volatile EnvelopeMeter heardMeter;

  /**
   * Checks the files: the {@code --play} file is opened and its header checked (it is then read
   * from disk during each call, never held in memory); the {@code --record} file is created. A
   * clear message naming the file if that fails.
   */
  void open() throws IOException {
    if (in != null && in.play != null) {
      WavStreamSource.open(in.play).close();
    }
    if (out != null && out.record != null) {
      recordings = Recordings.open(out.record);
      if (in != null && in.play != null) {
        playedMeter = EnvelopeMeter.at48k();
        heardMeter = EnvelopeMeter.at48k();
      }
    }
  }

  /** Whether calls send a capture device (their audio processing is then on by default). */
  boolean capturesDevice() {
    return in != null && in.mic;
  }

  AudioSource source(Call call) throws AudioDeviceException {
    if (in != null && in.mic) {
      var capture = AudioDevices.openCapture(Optional.empty());
      devices.add(capture);
      return capture;
    }
    if (in == null || in.play == null) {
      return AudioSource.silence();
    }
    try {
      WavStreamSource source = WavStreamSource.open(in.play);
      if (playedMeter != null) {
        playedMeter = EnvelopeMeter.at48k();
        source.meteredBy(playedMeter);
      }
      call.ended().whenComplete((reason, failure) -> source.close());
      return source;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  AudioSink sink(Call call) throws AudioDeviceException {
    if (out != null && out.speaker) {
      var playback = AudioDevices.openPlayback(Optional.empty());
      devices.add(playback);
      return playback;
    }
    if (recordings == null) {
      return frame -> {};
    }
    try {
      AudioSink writer = recordings.start(call);
      call.ended().whenComplete((reason, failure) -> finishQuietly(call));
      if (heardMeter == null) {
        return writer;
      }
      EnvelopeMeter meter = EnvelopeMeter.at48k();
      heardMeter = meter;
      return frame -> {
        writer.write(frame);
        meter.write(frame);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sets the phone's audio: our source, and our sink feeding the status line's level meter. A
   * device that cannot open fails the call's media with its message.
   */
  io.peervoice.sdk.PhoneConfig.Builder wire(
      io.peervoice.sdk.PhoneConfig.Builder builder, StatusLine status) {
    return builder
        .audioSource(c -> open(() -> source(c)))
        .audioSink(
            c -> {
              AudioSink sink = open(() -> sink(c));
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

  /**
   * How well what we heard matches what we played ({@link EnvelopeSimilarity}), when both {@code
   * --play} and {@code --record} were given and a call carried audio; computed from the envelopes
   * measured as the audio flowed.
   */
  Optional<Double> correlation() {
    EnvelopeMeter played = playedMeter;
    EnvelopeMeter heard = heardMeter;
    if (played == null || heard == null) {
      return Optional.empty();
    }
    return Optional.of(EnvelopeSimilarity.compare(played, heard, 2_000).correlation());
  }

  /**
   * Completes {@code call}'s recording (already done when the call ended) and forgets it.
   *
   * @return its file, if the call was recorded
   */
  Optional<Path> finishRecording(Call call) {
    if (recordings == null) {
      return Optional.empty();
    }
    try {
      return recordings.finish(call);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(AudioOptions.class)
          .warn("the recording is incomplete: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private void finishQuietly(Call call) {
    try {
      recordings.complete(call);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(AudioOptions.class)
          .warn("the recording is incomplete: {}", e.getMessage());
    }
  }

  /**
   * Closes devices and completes every recording still open. Idempotent and thread-safe, so a
   * shutdown hook may call it while (or after) the command does.
   *
   * @return the last recording's file, if {@code --record} was given
   */
  Optional<Path> finish() throws IOException {
    for (AutoCloseable d : devices) {
      devices.remove(d);
      try {
        d.close();
      } catch (Exception e) {
        // closing a device cannot fail the call
      }
    }
    return recordings == null ? Optional.empty() : recordings.finishAll();
  }
}
