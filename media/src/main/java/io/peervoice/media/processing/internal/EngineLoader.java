package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;

/** Loads one engine: probes whether it can run here, and opens processors of it. */
public interface EngineLoader {

  ProcessingEngine engine();

  /** Whether the engine loads here, with its version or the reason it does not (cached). */
  EngineAvailability probe();

  /**
   * A new processor with these settings.
   *
   * @throws io.peervoice.media.processing.AudioProcessingException when it cannot load
   */
  AudioProcessor open(AudioProcessing settings);
}
