package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;

/**
 * Loads {@link ProcessingEngine#PEERVOICE_AEC}: plain Java, so it is always available; opening it
 * costs a few hundred kilobytes of filter state and no native resources.
 */
public final class LongTailLoader implements EngineLoader {
  private static final EngineAvailability AVAILABLE =
      new EngineAvailability(
          ProcessingEngine.PEERVOICE_AEC,
          true,
          "Java, 16 kHz band, "
              + LongTailProcessor.PARTITIONS * PartitionedEchoFilter.N / 16
              + " ms echo path");

  @Override
  public ProcessingEngine engine() {
    return ProcessingEngine.PEERVOICE_AEC;
  }

  @Override
  public EngineAvailability probe() {
    return AVAILABLE;
  }

  @Override
  public AudioProcessor open(AudioProcessing settings) {
    return new LongTailProcessor(settings);
  }
}
