package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;

/**
 * Loads {@link ProcessingEngine#WEBRTC_AEC3}: webrtc-java's native library (bundled in its {@code
 * linux-x86_64} jar; it needs the system's {@code libpulse.so.0}, Debian {@code libpulse0}). The
 * probe opens and frees one processor; a failure is remembered with its reason.
 */
public final class WebRtcLoader implements EngineLoader {
  /** The webrtc-java release this build bundles. */
  public static final String VERSION = "webrtc-java 0.14.0";

  private static volatile boolean loaded;
  private volatile EngineAvailability probed;

  /** Whether the native library was loaded in this process. */
  static boolean loaded() {
    return loaded;
  }

  @Override
  public ProcessingEngine engine() {
    return ProcessingEngine.WEBRTC_AEC3;
  }

  @Override
  public EngineAvailability probe() {
    EngineAvailability p = probed;
    if (p == null) {
      synchronized (this) {
        if (probed == null) {
          probed = tryLoad();
        }
        p = probed;
      }
    }
    return p;
  }

  private EngineAvailability tryLoad() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
        || !"amd64".equals(System.getProperty("os.arch"))) {
      return new EngineAvailability(
          engine(),
          false,
          "this build bundles its natives for linux-x86_64 only, not "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch"));
    }
    try {
      new WebRtcProcessor(AudioProcessing.defaults()).close();
      loaded = true;
      return new EngineAvailability(engine(), true, VERSION);
    } catch (LinkageError | RuntimeException e) {
      return new EngineAvailability(engine(), false, reason(e));
    }
  }

  /** The root cause in one line, with the Debian hint when a system library is missing. */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getClass().getSimpleName() + ": " + root.getMessage();
    if (message.contains("libpulse")) {
      message += " (Debian: apt-get install libpulse0)";
    }
    return message.replace('\n', ' ');
  }

  @Override
  public AudioProcessor open(AudioProcessing settings) {
    EngineAvailability p = probe();
    if (!p.available()) {
      throw new AudioProcessingException(engine().label() + " cannot load: " + p.detail());
    }
    return new WebRtcProcessor(settings);
  }
}
