package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link ProcessingEngine#WEBRTC_AEC3}: webrtc-java's native library (bundled in its {@code
 * linux-x86_64} jar; it needs the system's {@code libpulse.so.0}, Debian {@code libpulse0}). The
 * probe opens and frees one processor; a failure is remembered with its reason.
 */
public final class WebRtcLoader implements EngineLoader {
  /** The webrtc-java release this build bundles. */
  public static final String VERSION = "webrtc-java 0.14.0";

  /**
   * AEC3's tuning, as WebRTC field trials: its suppressor's "normal" (not near-end dominated) mask
   * for the low band starts suppressing at an echo-to-near-end ratio of 0.05 (default 0.3) and
   * suppresses fully from 0.15 (default 0.4), so the reverberant tail its 52 ms linear filter
   * leaves is taken down further in far-end single talk. Echo bench (docs/echo-bench.md): ERLE
   * after 2 s in the RT60 0.8 s hall 27.5 -> 30.9 dB, other rooms the same or better; in double
   * talk the near end loses 0.3-0.7 dB more.
   */
  public static final String AEC3_FIELD_TRIALS =
      "WebRTC-Aec3SuppressorTuningOverride/normal_tuning_mask_lf_enr_transparent:0.05,"
          + "normal_tuning_mask_lf_enr_suppress:0.15/";

  /** A system property that replaces {@link #AEC3_FIELD_TRIALS} (empty: WebRTC's defaults). */
  public static final String FIELD_TRIALS_PROPERTY = "peervoice.webrtc.fieldTrials";

  private static final Logger LOG = LoggerFactory.getLogger(WebRtcLoader.class);

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
      String tuning = tune();
      new WebRtcProcessor(AudioProcessing.defaults()).close();
      loaded = true;
      return new EngineAvailability(engine(), true, VERSION + ", " + tuning);
    } catch (LinkageError | RuntimeException | ClassNotFoundException e) {
      return new EngineAvailability(engine(), false, reason(e));
    }
  }

  /**
   * Loads the native library and sets AEC3's field trials before any echo canceller exists; says
   * what it did (WebRTC's default tuning when the field trials cannot be set, with the reason).
   */
  private static String tune() throws ClassNotFoundException {
    Class.forName(
        "dev.onvoid.webrtc.media.audio.AudioProcessing", true, WebRtcLoader.class.getClassLoader());
    String trials = System.getProperty(FIELD_TRIALS_PROPERTY, AEC3_FIELD_TRIALS).trim();
    if (trials.isEmpty()) {
      return "AEC3 default tuning";
    }
    WebRtcFieldTrials.Outcome outcome;
    try {
      outcome = WebRtcFieldTrials.apply(trials);
    } catch (RuntimeException e) { // e.g. no readable /proc/self/maps: AEC3 still works, untuned
      LOG.warn("webrtc-aec3 runs with its default tuning: {}", reason(e));
      return "AEC3 default tuning (" + reason(e) + ")";
    }
    if (outcome.applied()) {
      LOG.debug("webrtc-aec3: field trials {}", trials);
      return "AEC3 tuned";
    }
    LOG.warn("webrtc-aec3 runs with its default tuning: {}", outcome.detail());
    return "AEC3 default tuning (" + outcome.detail() + ")";
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
