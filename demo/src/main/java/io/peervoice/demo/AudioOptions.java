package io.peervoice.demo;

import io.peervoice.media.audio.AudioDeviceException;
import io.peervoice.media.audio.AudioDevices;
import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.CallRecording;
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

/**
 * {@code --play FILE|--mic [NAME]} and {@code --record FILE|--record-both FILE|--speaker [NAME]},
 * shared by listen and call.
 */
final class AudioOptions {
  /** What {@code --mic} or {@code --speaker} without a name stands for: the default device. */
  static final String DEFAULT_DEVICE = "(default)";

  static final class In {
    @Option(names = "--play", paramLabel = "FILE.wav", description = "Send this WAV file.")
    Path play;

    @Option(
        names = "--mic",
        arity = "0..1",
        fallbackValue = DEFAULT_DEVICE,
        paramLabel = "NAME",
        description =
            "Send a microphone: the default one, or the capture device NAME (exact, or a unique"
                + " part; see 'peervoice devices').")
    String mic;
  }

  static final class Out {
    @Option(names = "--record", paramLabel = "FILE.wav", description = "Write what we hear.")
    Path record;

    @Option(
        names = "--record-both",
        paramLabel = "FILE.wav",
        description = "Write both directions as stereo: left what we send, right what we hear.")
    Path recordBoth;

    @Option(
        names = "--speaker",
        arity = "0..1",
        fallbackValue = DEFAULT_DEVICE,
        paramLabel = "NAME",
        description =
            "Play what we hear on a speaker: the default one, or the playback device NAME (see"
                + " 'peervoice devices').")
    String speaker;
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
    Path record = out == null ? null : out.record != null ? out.record : out.recordBoth;
    if (record != null) {
      recordings = Recordings.open(record, out.recordBoth != null);
      if (in != null && in.play != null) {
        playedMeter = EnvelopeMeter.at48k();
        heardMeter = EnvelopeMeter.at48k();
      }
    }
  }

  /** The device a {@code --mic} or {@code --speaker} value names; empty for the default. */
  static Optional<String> deviceName(String value) {
    return value == null || value.isBlank() || value.equals(DEFAULT_DEVICE)
        ? Optional.empty()
        : Optional.of(value);
  }

  /** Whether calls send a capture device (their audio processing is then on by default). */
  boolean capturesDevice() {
    return in != null && in.mic != null;
  }

  AudioSource source(Call call) throws AudioDeviceException {
    AudioSource source = plainSource(call);
    if (recordings == null || out.recordBoth == null) {
      return source;
    }
    try {
      CallRecording recording = recordings.start(call);
      call.ended().whenComplete((reason, failure) -> finishQuietly(call));
      return new AudioSource() {
        @Override
        public boolean read(short[] frame) {
          boolean more = source.read(frame);
          recording.sent(frame);
          return more;
        }

        @Override
        public Optional<io.peervoice.media.audio.DeviceStats> captureStats() {
          return source.captureStats();
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private AudioSource plainSource(Call call) throws AudioDeviceException {
    if (in != null && in.mic != null) {
      var capture = AudioDevices.openCapture(deviceName(in.mic));
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
    if (out != null && out.speaker != null) {
      var playback = AudioDevices.openPlayback(deviceName(out.speaker));
      devices.add(playback);
      return playback;
    }
    if (recordings == null) {
      return frame -> {};
    }
    try {
      CallRecording recording = recordings.start(call);
      AudioSink writer = recording::heard;
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
              return new AudioSink() {
                @Override
                public void write(short[] frame) {
                  status.heard(frame);
                  sink.write(frame);
                }

                @Override
                public Optional<io.peervoice.media.audio.DeviceStats> playbackStats() {
                  return sink.playbackStats();
                }
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

  /** What the recordings hold, for "Wrote ... to FILE". */
  String recorded() {
    return out != null && out.recordBoth != null
        ? "both directions (left sent, right heard)"
        : "what we heard";
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
