package io.peervoice.media.audio;

import java.time.Duration;
import java.util.Arrays;

/**
 * Silence that lasts: unlike {@link AudioSource#silence()}, which has already ended, this source
 * reports audio for as long as it runs (forever, or exactly {@code round(d × 48000)} samples), so a
 * stream keeps sending. Not thread-safe.
 */
public final class SilenceSource implements AudioSource {
  private final FrameBudget budget;

  private SilenceSource(FrameBudget budget) {
    this.budget = budget;
  }

  /** Silence that never ends. */
  public static SilenceSource endless() {
    return new SilenceSource(FrameBudget.endless());
  }

  /** Silence lasting {@code duration}; a final partial frame still counts as a frame. */
  public static SilenceSource of(Duration duration) {
    return new SilenceSource(FrameBudget.of(duration));
  }

  @Override
  public boolean read(short[] frame) {
    Arrays.fill(frame, (short) 0);
    return budget.take(frame.length) > 0;
  }
}
