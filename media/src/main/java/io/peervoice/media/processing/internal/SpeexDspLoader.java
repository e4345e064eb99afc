package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;

/** Loads {@link ProcessingEngine#SPEEXDSP} (stub until the engine lands). */
public final class SpeexDspLoader implements EngineLoader {

  @Override
  public ProcessingEngine engine() {
    return ProcessingEngine.SPEEXDSP;
  }

  @Override
  public EngineAvailability probe() {
    return new EngineAvailability(engine(), false, "not built yet");
  }

  @Override
  public AudioProcessor open(AudioProcessing settings) {
    throw new AudioProcessingException(engine().label() + " not built yet");
  }
}
