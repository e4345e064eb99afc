package io.peervoice.media.processing;

import io.peervoice.media.processing.internal.EngineSelector;
import io.peervoice.media.processing.internal.LongTailLoader;
import io.peervoice.media.processing.internal.QuietExit;
import io.peervoice.media.processing.internal.SpeexDspLoader;
import io.peervoice.media.processing.internal.WebRtcLoader;
import java.util.List;

/**
 * Opens audio processing stages: WebRTC's AEC3 module when it loads, else speexdsp, else none
 * (frames pass unchanged and a warning says why). Engines are probed once per process.
 */
public final class AudioProcessors {
  private static final EngineSelector SELECTOR =
      new EngineSelector(List.of(new LongTailLoader(), new WebRtcLoader(), new SpeexDspLoader()));

  private AudioProcessors() {}

  /**
   * A new stage for one call with these settings, on their {@link AudioProcessing#engine()} when it
   * loads, else on the best engine that does. Settings with nothing switched on give a {@link
   * ProcessingEngine#NONE} stage.
   */
  public static AudioProcessor open(AudioProcessing settings) {
    return SELECTOR.open(settings);
  }

  /**
   * A new stage on exactly this engine (benchmarks, tests).
   *
   * @throws AudioProcessingException when that engine cannot load here, saying why
   */
  public static AudioProcessor open(AudioProcessing settings, ProcessingEngine engine) {
    return SELECTOR.open(settings, engine);
  }

  /** Every engine in order of preference, with its version or why it cannot load. */
  public static List<EngineAvailability> engines() {
    return SELECTOR.probeAll();
  }

  /**
   * Call once a command has written its last output, just before the process exits: keeps
   * webrtc-java 0.14.0's native exit messages off standard output (see {@code QuietExit}). Does
   * nothing unless that library was loaded.
   */
  public static void beforeExit() {
    QuietExit.silenceNativeStdout();
  }

  /**
   * One line for {@code doctor}: the engine calls will use, and why any better one is not used,
   * e.g. {@code speexdsp (libspeexdsp 1.2.1); not used: webrtc-aec3: libpulse.so.0 missing}.
   */
  public static String availability() {
    return SELECTOR.availability();
  }
}
