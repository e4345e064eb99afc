package io.peervoice.media.audio;

import java.util.Objects;

/**
 * A mono 16-bit PCM clip held in memory.
 *
 * @param sampleRate samples per second
 * @param samples the samples; not copied (a clip is a view over a buffer its creator no longer
 *     changes)
 */
public record PcmClip(int sampleRate, short[] samples) {

  public PcmClip {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    Objects.requireNonNull(samples, "samples");
  }

  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  /**
   * This clip at the engine's 48 kHz: itself when it already is, otherwise converted by a
   * band-limited {@link Resampler}.
   *
   * @throws IllegalArgumentException if the sample rate is outside {@link
   *     Resampler#MIN_RATE}..{@link Resampler#MAX_RATE}
   */
  public PcmClip resampledTo48k() {
    if (sampleRate == PcmFormat.SAMPLE_RATE) {
      return this;
    }
    return Resampler.to48k(sampleRate).process(this);
  }

  /** A source that plays this 48 kHz clip once, then reports its end and gives silence. */
  public AudioSource asSource() {
    if (sampleRate != PcmFormat.SAMPLE_RATE) {
      throw new IllegalStateException("clip is " + sampleRate + " Hz; the engine plays 48000 Hz");
    }
    return new AudioSource() {
      private int position;

      @Override
      public boolean read(short[] frame) {
        int n = Math.max(0, Math.min(frame.length, samples.length - position));
        System.arraycopy(samples, position, frame, 0, n);
        java.util.Arrays.fill(frame, n, frame.length, (short) 0);
        position += n;
        return n > 0;
      }
    };
  }
}
