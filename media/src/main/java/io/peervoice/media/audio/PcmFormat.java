package io.peervoice.media.audio;

/** The one PCM format inside the engine: 48 kHz, mono, signed 16-bit, 20 ms frames. */
public final class PcmFormat {
  /** Samples per second. */
  public static final int SAMPLE_RATE = 48_000;

  /** Duration of one frame in milliseconds. */
  public static final int FRAME_MILLIS = 20;

  /** Samples in one 20 ms frame at 48 kHz. */
  public static final int FRAME_SAMPLES = SAMPLE_RATE * FRAME_MILLIS / 1000;

  private PcmFormat() {}
}
