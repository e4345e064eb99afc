package io.peervoice.media.audio.internal;

import java.util.Locale;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import javax.sound.sampled.spi.MixerProvider;

/**
 * A fake loopback sound card for machines without sound hardware (servers, containers, CI; a kernel
 * without ALSA's {@code snd-aloop}), registered with Java Sound as a service but present only when
 * asked for: environment variable {@code PEERVOICE_FAKE_AUDIO=loopback} or system property {@code
 * peervoice.fakeAudio=loopback}. It is one device, {@value #NAME}, with a capture and a playback
 * line (48 kHz 16-bit mono): what is played into it is recorded from it, on the card's own
 * real-time clock, as {@code snd-aloop} does with its two ends. A process using it for both {@code
 * --mic} and {@code --speaker} sends back what it hears: an echo.
 */
public final class LoopbackMixerProvider extends MixerProvider {
  /** The device's name, as {@code peervoice devices} lists it. */
  public static final String NAME = "PeerVoice loopback (fake)";

  /** The environment variable (and, lower-case with dots, the system property) that enables it. */
  public static final String ENABLE = "PEERVOICE_FAKE_AUDIO";

  private static final Mixer.Info INFO =
      new Mixer.Info(
          NAME, "PeerVoice", "fake loopback card: playback comes back as capture", "1") {};
  private static volatile LoopbackMixer mixer;

  /** Whether the fake card is enabled in this process. */
  public static boolean enabled() {
    String value = System.getProperty("peervoice.fakeAudio", System.getenv(ENABLE));
    return value != null && value.trim().toLowerCase(Locale.ROOT).equals("loopback");
  }

  @Override
  public Mixer.Info[] getMixerInfo() {
    return enabled() ? new Mixer.Info[] {INFO} : new Mixer.Info[0];
  }

  @Override
  public Mixer getMixer(Mixer.Info info) {
    if (!enabled() || (info != null && !info.equals(INFO))) {
      throw new IllegalArgumentException("no such mixer: " + info);
    }
    LoopbackMixer m = mixer;
    if (m == null) {
      synchronized (LoopbackMixerProvider.class) {
        if (mixer == null) {
          mixer = new LoopbackMixer(new LoopbackDevice(System::nanoTime));
        }
        m = mixer;
      }
    }
    return m;
  }

  /** The card: one capture and one playback line, each opened by one user at a time. */
  static final class LoopbackMixer implements Mixer, ControlFreeLine {
    private final LoopbackLine.Playback playback;
    private final LoopbackLine.Capture capture;

    LoopbackMixer(LoopbackDevice device) {
      playback = new LoopbackLine.Playback(device);
      capture = new LoopbackLine.Capture(device);
    }

    @Override
    public Mixer.Info getMixerInfo() {
      return INFO;
    }

    @Override
    public Line.Info[] getSourceLineInfo() {
      return new Line.Info[] {LoopbackLine.info(SourceDataLine.class)};
    }

    @Override
    public Line.Info[] getTargetLineInfo() {
      return new Line.Info[] {LoopbackLine.info(TargetDataLine.class)};
    }

    @Override
    public Line.Info[] getSourceLineInfo(Line.Info info) {
      return isLineSupported(info) && sourceSide(info) ? getSourceLineInfo() : new Line.Info[0];
    }

    @Override
    public Line.Info[] getTargetLineInfo(Line.Info info) {
      return isLineSupported(info) && !sourceSide(info) ? getTargetLineInfo() : new Line.Info[0];
    }

    private static boolean sourceSide(Line.Info info) {
      return info.getLineClass() == SourceDataLine.class;
    }

    @Override
    public boolean isLineSupported(Line.Info info) {
      Class<?> type = info.getLineClass();
      if (type != SourceDataLine.class && type != TargetDataLine.class) {
        return false;
      }
      if (info instanceof DataLine.Info data) {
        for (javax.sound.sampled.AudioFormat f : data.getFormats()) {
          if (LoopbackLine.FORMAT.matches(f)) {
            return true;
          }
        }
        return data.getFormats().length == 0;
      }
      return true;
    }

    @Override
    public Line getLine(Line.Info info) throws LineUnavailableException {
      if (!isLineSupported(info)) {
        throw new IllegalArgumentException("the loopback has no line " + info);
      }
      return info.getLineClass() == SourceDataLine.class ? playback : capture;
    }

    @Override
    public int getMaxLines(Line.Info info) {
      return isLineSupported(info) ? 1 : 0;
    }

    @Override
    public Line[] getSourceLines() {
      return playback.isOpen() ? new Line[] {playback} : new Line[0];
    }

    @Override
    public Line[] getTargetLines() {
      return capture.isOpen() ? new Line[] {capture} : new Line[0];
    }

    @Override
    public void synchronize(Line[] lines, boolean maintainSync) {
      throw new IllegalArgumentException("the loopback does not synchronize lines");
    }

    @Override
    public void unsynchronize(Line[] lines) {
      throw new IllegalArgumentException("the loopback does not synchronize lines");
    }

    @Override
    public boolean isSynchronizationSupported(Line[] lines, boolean maintainSync) {
      return false;
    }

    @Override
    public Line.Info getLineInfo() {
      return new Line.Info(Mixer.class);
    }

    @Override
    public void open() {}

    @Override
    public void close() {}

    @Override
    public boolean isOpen() {
      return true;
    }
  }
}
