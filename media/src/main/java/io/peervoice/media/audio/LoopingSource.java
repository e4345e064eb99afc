package io.peervoice.media.audio;

import java.time.Duration;
import java.util.Arrays;

/**
 * Plays a 48 kHz clip over and over, optionally with silence between repetitions (a ringback
 * cadence, a repeated prompt), either forever or a given number of times. Repetitions join sample
 * by sample regardless of frame boundaries; the last repetition is not followed by the gap. Not
 * thread-safe.
 */
public final class LoopingSource implements AudioSource {
  private final short[] samples;
  private final long cycle;
  private final FrameBudget budget;
  private long position;

  private LoopingSource(PcmClip clip, Duration gap, int repetitions) {
    if (clip.sampleRate() != PcmFormat.SAMPLE_RATE) {
      throw new IllegalArgumentException(
          "clip is " + clip.sampleRate() + " Hz; resample it first (PcmClip.resampledTo48k)");
    }
    if (clip.samples().length == 0) {
      throw new IllegalArgumentException("cannot loop an empty clip");
    }
    long gapSamples = gap.isZero() ? 0 : FrameBudget.samplesIn(gap);
    samples = clip.samples();
    cycle = samples.length + gapSamples;
    budget =
        repetitions == 0
            ? FrameBudget.endless()
            : FrameBudget.samples(repetitions * cycle - gapSamples);
  }

  /** {@code clip} without end and without gaps. */
  public static LoopingSource forever(PcmClip clip) {
    return new LoopingSource(clip, Duration.ZERO, 0);
  }

  /** {@code clip} without end, each repetition followed by {@code gap} of silence. */
  public static LoopingSource forever(PcmClip clip, Duration gap) {
    return new LoopingSource(clip, gap, 0);
  }

  /**
   * {@code clip} played {@code repetitions} times with {@code gap} of silence between them.
   *
   * @throws IllegalArgumentException if {@code repetitions} is not positive
   */
  public static LoopingSource repeat(PcmClip clip, int repetitions, Duration gap) {
    if (repetitions <= 0) {
      throw new IllegalArgumentException("repetitions must be positive: " + repetitions);
    }
    return new LoopingSource(clip, gap, repetitions);
  }

  @Override
  public boolean read(short[] frame) {
    int n = budget.take(frame.length);
    int s = 0;
    while (s < n) {
      long offset = position % cycle;
      int run;
      if (offset < samples.length) {
        run = Math.min(n - s, samples.length - (int) offset);
        System.arraycopy(samples, (int) offset, frame, s, run);
      } else {
        run = (int) Math.min(n - s, cycle - offset);
        Arrays.fill(frame, s, s + run, (short) 0);
      }
      s += run;
      position += run;
    }
    Arrays.fill(frame, n, frame.length, (short) 0);
    return n > 0;
  }
}
