package io.peervoice.sdk;

import io.peervoice.media.audio.AudioCapture;
import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.pipeline.ProcessingChain;
import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.AudioProcessors;
import io.peervoice.media.processing.ProcessingStage;
import io.peervoice.media.processing.ProcessingStats;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's audio processing stage ({@link PhoneConfig#audioProcessing()}): between the capture
 * source and the encoder, with the played-out frames as the echo reference. Its figures stay
 * readable, from any thread, after the call's media has closed.
 */
final class CallProcessing {
  private static final Logger log = LoggerFactory.getLogger(Call.class);

  private final Optional<AudioProcessing> configured;
  private volatile ProcessingChain chain;
  private volatile AudioProcessor processor;
  private volatile ProcessingStats last;

  CallProcessing(Optional<AudioProcessing> configured) {
    this.configured = configured;
  }

  /**
   * The settings for a call sending {@code source}: the configured ones, else everything on for a
   * capture device and everything off for anything else (a file, generated audio).
   */
  static AudioProcessing settingsFor(Optional<AudioProcessing> configured, AudioSource source) {
    return configured.orElseGet(
        () -> source instanceof AudioCapture ? AudioProcessing.defaults() : AudioProcessing.off());
  }

  /**
   * Opens the stage for a call of {@code callId} sending {@code source}; afterwards {@link
   * #capture} and {@link #playout} wrap its source and sink. Nothing switched on: no stage at all.
   */
  void open(Object callId, AudioSource source) {
    close();
    last = null;
    AudioProcessing settings = settingsFor(configured, source);
    if (!settings.enabled()) {
      chain = ProcessingChain.of();
      return;
    }
    AudioProcessor p = AudioProcessors.open(settings);
    log.info("call {}: audio processing {} on {}", callId, settings.describe(), p.engine().label());
    processor = p;
    chain = ProcessingChain.of(new ProcessingStage(p));
  }

  AudioSource capture(AudioSource source) {
    return chain.capture(source);
  }

  AudioSink playout(AudioSink sink) {
    return chain.playout(sink);
  }

  /** The stage's figures: live while the call runs, its last ones after; empty without a stage. */
  Optional<ProcessingStats> stats() {
    AudioProcessor p = processor;
    if (p == null) {
      return Optional.empty();
    }
    ProcessingStats s = last;
    return Optional.of(s != null ? s : p.stats());
  }

  /** Keeps the last figures and frees the engine; idempotent. */
  void close() {
    AudioProcessor p = processor;
    ProcessingChain c = chain;
    if (p != null && last == null) {
      last = p.stats();
    }
    if (c != null) {
      c.close();
    }
  }
}
