package io.peervoice.media.audio.internal;

import io.peervoice.media.audio.AudioCapture;
import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevice.Kind;
import io.peervoice.media.audio.AudioDeviceException;
import io.peervoice.media.audio.AudioDeviceException.Reason;
import io.peervoice.media.audio.AudioPlayback;
import io.peervoice.media.audio.PcmFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and opens Java Sound mixers as {@link AudioDevice}s. The mixers come from a supplier, so
 * tests can stand in for {@link AudioSystem}.
 */
public final class JavaSoundDevices {
  /** The line buffer we ask the driver for, in milliseconds (it may grant more). */
  public static final int LINE_BUFFER_MILLIS = 40;

  private static final Logger log = LoggerFactory.getLogger(JavaSoundDevices.class);
  private static final int MAX_FORMATS_NAMED = 4;

  private final Supplier<List<Mixer>> mixers;
  private final boolean startThreads;

  private record Candidate(AudioDevice device, Mixer mixer) {}

  private record OpenLine(AudioDevice device, int channels, DataLine line) {}

  public JavaSoundDevices(Supplier<List<Mixer>> mixers) {
    this(mixers, true);
  }

  /**
   * @param startThreads whether opened devices start their I/O threads; tests that drive {@code
   *     pump()} themselves pass {@code false}
   */
  JavaSoundDevices(Supplier<List<Mixer>> mixers, boolean startThreads) {
    this.mixers = mixers;
    this.startThreads = startThreads;
  }

  /** The devices of the running JVM's {@link AudioSystem}. */
  public static JavaSoundDevices system() {
    return new JavaSoundDevices(JavaSoundDevices::systemMixers);
  }

  /** 48 kHz signed 16-bit little-endian PCM with {@code channels} channels. */
  public static AudioFormat format(int channels) {
    return new AudioFormat(PcmFormat.SAMPLE_RATE, 16, channels, true, false);
  }

  public List<AudioDevice> list() {
    return candidates().stream().map(Candidate::device).collect(Collectors.toList());
  }

  public AudioCapture openCapture(Optional<String> name) throws AudioDeviceException {
    OpenLine open = open(Kind.CAPTURE, name);
    TargetDataLine line = (TargetDataLine) open.line();
    LineCapture capture =
        new LineCapture(
            open.device(),
            open.channels(),
            line::read,
            line::available,
            line.getBufferSize(),
            () -> {
              line.stop();
              line.close();
            });
    return startThreads ? capture.start(daemon("peervoice-capture")) : capture;
  }

  public AudioPlayback openPlayback(Optional<String> name) throws AudioDeviceException {
    OpenLine open = open(Kind.PLAYBACK, name);
    SourceDataLine line = (SourceDataLine) open.line();
    LinePlayback playback =
        new LinePlayback(
            open.device(),
            open.channels(),
            line::write,
            line::available,
            line.getBufferSize(),
            () -> {
              line.stop();
              line.flush();
              line.close();
            });
    return startThreads ? playback.start(daemon("peervoice-playback")) : playback;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.setPriority(Thread.MAX_PRIORITY);
      return t;
    };
  }

  /**
   * The devices of {@code kind} that {@code name} selects: all of them in order when empty, else
   * the one named exactly, else the one whose name contains it ignoring case.
   *
   * @throws AudioDeviceException ({@link Reason#NOT_FOUND}) if nothing or several match
   */
  static List<AudioDevice> choose(Kind kind, Optional<String> name, List<AudioDevice> all)
      throws AudioDeviceException {
    List<AudioDevice> ofKind = all.stream().filter(d -> d.kind() == kind).toList();
    String what = "audio " + kind.word() + " device";
    if (name.isEmpty()) {
      if (ofKind.isEmpty()) {
        String others =
            all.isEmpty()
                ? "none; Java Sound reports no sound hardware"
                : "none; only " + named(all, true);
        throw new AudioDeviceException(
            Reason.NOT_FOUND, "no " + what + " found (available: " + others + ")");
      }
      return ofKind;
    }
    String wanted = name.get();
    List<AudioDevice> exact = ofKind.stream().filter(d -> d.name().equals(wanted)).toList();
    if (!exact.isEmpty()) {
      return exact.subList(0, 1);
    }
    String lower = wanted.toLowerCase(Locale.ROOT);
    List<AudioDevice> partial =
        ofKind.stream().filter(d -> d.name().toLowerCase(Locale.ROOT).contains(lower)).toList();
    if (partial.size() == 1) {
      return partial;
    }
    if (partial.size() > 1) {
      throw new AudioDeviceException(
          Reason.NOT_FOUND,
          what + " name \"" + wanted + "\" matches several: " + named(partial, false));
    }
    throw new AudioDeviceException(
        Reason.NOT_FOUND,
        "no "
            + what
            + " named \""
            + wanted
            + "\" (available: "
            + (ofKind.isEmpty() ? "none" : named(ofKind, false))
            + ")");
  }

  private OpenLine open(Kind kind, Optional<String> name) throws AudioDeviceException {
    List<Candidate> candidates = candidates();
    List<AudioDevice> chosen =
        choose(kind, name, candidates.stream().map(Candidate::device).toList());
    AudioDeviceException failure = null;
    for (Candidate c : candidates) {
      if (!chosen.contains(c.device())) {
        continue;
      }
      try {
        return openLine(c);
      } catch (AudioDeviceException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  private static OpenLine openLine(Candidate c) throws AudioDeviceException {
    AudioDevice device = c.device();
    Class<? extends DataLine> type = lineClass(device.kind());
    for (int channels = 1; channels <= 2; channels++) {
      AudioFormat format = format(channels);
      DataLine.Info info = new DataLine.Info(type, format);
      if (!supports(c.mixer(), info)) {
        continue;
      }
      int bytes = LINE_BUFFER_MILLIS * PcmFormat.SAMPLE_RATE / 1000 * 2 * channels;
      DataLine line = null;
      try {
        line = (DataLine) c.mixer().getLine(info);
        if (line instanceof TargetDataLine target) {
          target.open(format, bytes);
        } else {
          ((SourceDataLine) line).open(format, bytes);
        }
        line.start();
        log.debug(
            "opened {} \"{}\": {} channel(s), buffer {} bytes",
            device.kind().word(),
            device.name(),
            channels,
            line.getBufferSize());
        return new OpenLine(device, channels, line);
      } catch (LineUnavailableException | RuntimeException e) {
        if (line != null) {
          line.close();
        }
        throw new AudioDeviceException(
            Reason.UNAVAILABLE,
            "audio "
                + device.kind().word()
                + " device \""
                + device.name()
                + "\" is unavailable: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
            e);
      }
    }
    throw new AudioDeviceException(
        Reason.FORMAT_UNSUPPORTED,
        "audio "
            + device.kind().word()
            + " device \""
            + device.name()
            + "\" offers no 48000 Hz 16-bit mono or stereo PCM (it offers: "
            + offered(c.mixer(), type)
            + ")");
  }

  private List<Candidate> candidates() {
    List<Candidate> out = new ArrayList<>();
    for (Mixer mixer : mixers.get()) {
      Mixer.Info info = mixer.getMixerInfo();
      for (Kind kind : Kind.values()) {
        if (supports(mixer, new Line.Info(lineClass(kind)))) {
          String description = info.getDescription() == null ? "" : info.getDescription();
          out.add(
              new Candidate(
                  new AudioDevice(info.getName(), description, kind, formats(mixer, kind)), mixer));
        }
      }
    }
    return out;
  }

  private static List<Mixer> systemMixers() {
    List<Mixer> out = new ArrayList<>();
    Mixer.Info[] infos;
    try {
      infos = AudioSystem.getMixerInfo();
    } catch (RuntimeException | LinkageError e) {
      log.debug("Java Sound is not usable here: {}", e.toString());
      return out;
    }
    for (Mixer.Info info : infos) {
      try {
        out.add(AudioSystem.getMixer(info));
      } catch (RuntimeException e) {
        log.debug("skipping mixer \"{}\": {}", info.getName(), e.toString());
      }
    }
    return out;
  }

  private static Class<? extends DataLine> lineClass(Kind kind) {
    return kind == Kind.CAPTURE ? TargetDataLine.class : SourceDataLine.class;
  }

  private static boolean supports(Mixer mixer, Line.Info info) {
    try {
      return mixer.isLineSupported(info);
    } catch (RuntimeException e) {
      log.debug(
          "mixer \"{}\" failed a line query: {}", mixer.getMixerInfo().getName(), e.toString());
      return false;
    }
  }

  private static List<AudioDevice.Format> formats(Mixer mixer, Kind kind) {
    Class<? extends DataLine> type = lineClass(kind);
    Set<AudioDevice.Format> out = new LinkedHashSet<>();
    try {
      Line.Info[] infos =
          kind == Kind.CAPTURE ? mixer.getTargetLineInfo() : mixer.getSourceLineInfo();
      for (Line.Info info : infos) {
        if (info instanceof DataLine.Info data && type.isAssignableFrom(data.getLineClass())) {
          for (AudioFormat f : data.getFormats()) {
            out.add(
                new AudioDevice.Format(
                    f.getEncoding().toString(),
                    f.getSampleRate() == AudioSystem.NOT_SPECIFIED
                        ? -1
                        : Math.round(f.getSampleRate()),
                    f.getSampleSizeInBits(),
                    f.getChannels(),
                    f.isBigEndian()));
          }
        }
      }
    } catch (RuntimeException e) {
      log.debug(
          "mixer \"{}\" failed a format query: {}", mixer.getMixerInfo().getName(), e.toString());
    }
    return List.copyOf(out);
  }

  private static String offered(Mixer mixer, Class<? extends DataLine> type) {
    Line.Info[] infos =
        type == TargetDataLine.class ? mixer.getTargetLineInfo() : mixer.getSourceLineInfo();
    Set<String> formats = new LinkedHashSet<>();
    for (Line.Info info : infos) {
      if (info instanceof DataLine.Info data && type.isAssignableFrom(data.getLineClass())) {
        for (AudioFormat f : data.getFormats()) {
          formats.add(f.toString());
        }
      }
    }
    if (formats.isEmpty()) {
      return "no formats";
    }
    List<String> list = new ArrayList<>(formats);
    String shown = String.join("; ", list.subList(0, Math.min(MAX_FORMATS_NAMED, list.size())));
    return list.size() > MAX_FORMATS_NAMED
        ? shown + "; and " + (list.size() - MAX_FORMATS_NAMED) + " more"
        : shown;
  }

  private static String named(List<AudioDevice> devices, boolean withKind) {
    return devices.stream()
        .map(d -> (withKind ? d.kind().word() + " " : "") + "\"" + d.name() + "\"")
        .collect(Collectors.joining(", "));
  }
}
