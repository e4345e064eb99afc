package io.peervoice.media.processing.internal;

import dev.onvoid.webrtc.media.audio.AudioProcessingConfig;
import dev.onvoid.webrtc.media.audio.AudioProcessingStats;
import dev.onvoid.webrtc.media.audio.AudioProcessingStreamConfig;
import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.NoiseSuppression;
import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.media.processing.ProcessingStats;

/**
 * WebRTC's audio processing module through webrtc-java: AEC3 (with its own echo path delay
 * estimation), the noise suppressor, AGC2's adaptive digital gain and the high-pass filter, on 48
 * kHz mono 10 ms blocks. The native object is touched under this object's lock only, never after
 * {@link #close}.
 */
final class WebRtcProcessor implements AudioProcessor {
  private static final AudioProcessingStreamConfig MONO_48K =
      new AudioProcessingStreamConfig(48_000, 1);

  private static final int STATS_EVERY_BLOCKS = 50;

  private final dev.onvoid.webrtc.media.audio.AudioProcessing apm;
  private final boolean echoCancellation;
  private final byte[] renderIn = new byte[BLOCK_SAMPLES * 2];
  private final byte[] renderOut = new byte[BLOCK_SAMPLES * 2];
  private final byte[] captureIn = new byte[BLOCK_SAMPLES * 2];
  private final byte[] captureOut = new byte[BLOCK_SAMPLES * 2];
  private AudioProcessingStats latest;
  private long captured;
  private long rendered;
  private boolean closed;

  WebRtcProcessor(AudioProcessing settings) {
    this.echoCancellation = settings.echoCancellation();
    apm = new dev.onvoid.webrtc.media.audio.AudioProcessing();
    try {
      apm.applyConfig(config(settings));
    } catch (RuntimeException e) {
      apm.dispose();
      throw new AudioProcessingException(
          "webrtc-aec3: configuration refused: " + e.getMessage(), e);
    }
  }

  static AudioProcessingConfig config(AudioProcessing settings) {
    AudioProcessingConfig config = new AudioProcessingConfig();
    config.echoCanceller.enabled = settings.echoCancellation();
    config.echoCanceller.enforceHighPassFiltering = settings.highPass();
    config.noiseSuppression.enabled = settings.noiseSuppression() != NoiseSuppression.OFF;
    config.noiseSuppression.level = level(settings.noiseSuppression());
    config.gainControl.enabled = settings.gainControl();
    config.gainControl.adaptiveDigital.enabled = settings.gainControl();
    config.highPassFilter.enabled = settings.highPass();
    return config;
  }

  private static AudioProcessingConfig.NoiseSuppression.Level level(NoiseSuppression level) {
    return switch (level) {
      case OFF, MODERATE -> AudioProcessingConfig.NoiseSuppression.Level.MODERATE;
      case LOW -> AudioProcessingConfig.NoiseSuppression.Level.LOW;
      case HIGH -> AudioProcessingConfig.NoiseSuppression.Level.HIGH;
    };
  }

  @Override
  public synchronized void render(short[] farEnd10ms) {
    Blocks.check(farEnd10ms);
    if (closed) {
      return;
    }
    Pcm.toBytes(farEnd10ms, renderIn);
    check(apm.processReverseStream(renderIn, MONO_48K, MONO_48K, renderOut), "render");
    rendered++;
  }

  @Override
  public synchronized void capture(short[] near10ms) {
    Blocks.check(near10ms);
    if (closed) {
      return;
    }
    Pcm.toBytes(near10ms, captureIn);
    check(apm.processStream(captureIn, MONO_48K, MONO_48K, captureOut), "capture");
    Pcm.toShorts(captureOut, near10ms);
    captured++;
    if (echoCancellation && captured % STATS_EVERY_BLOCKS == 0) {
      // The module hands over the figures of the first block after the previous poll (a queue of
      // one), so they are polled here at a steady pace rather than when someone asks.
      latest = apm.getStatistics();
    }
  }

  private static void check(int error, String what) {
    if (error != 0) {
      throw new AudioProcessingException("webrtc-aec3: " + what + " failed with error " + error);
    }
  }

  @Override
  public ProcessingEngine engine() {
    return ProcessingEngine.WEBRTC_AEC3;
  }

  @Override
  public synchronized ProcessingStats stats() {
    AudioProcessingStats s = latest;
    if (s == null || !echoCancellation) {
      return new ProcessingStats(engine(), -1, Double.NaN, captured, rendered);
    }
    // AEC3 reports ERL -30 dB and a placeholder ERLE until its first metrics interval has passed.
    boolean reported = s.echoReturnLoss > -29.9 && Double.isFinite(s.echoReturnLossEnhancement);
    return new ProcessingStats(
        engine(),
        reported ? Math.max(0, s.delayMs) : -1,
        reported ? s.echoReturnLossEnhancement : Double.NaN,
        captured,
        rendered);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      apm.dispose();
    }
  }
}
