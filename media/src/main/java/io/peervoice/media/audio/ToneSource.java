package io.peervoice.media.audio;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A sine tone, or the sum of several (a DTMF pair, a dial tone), as 48 kHz frames. Each tone's
 * phase runs on across frames, so consecutive frames join without a discontinuity. Levels are peak
 * levels in dBFS: a 0 dBFS sine swings between -32767 and 32767 (so its RMS is -3.01 dB below full
 * scale). Without a duration the source never ends; with one it supplies exactly {@code round(d ×
 * 48000)} samples, the last frame padded with silence, then reports its end. Not thread-safe.
 */
public final class ToneSource implements AudioSource {
  private static final String DTMF_KEYS = "123A456B789C*0#D";
  private static final double[] DTMF_LOW = {697, 770, 852, 941};
  private static final double[] DTMF_HIGH = {1209, 1336, 1477, 1633};

  /**
   * One sine component.
   *
   * @param frequencyHz above 0 and below the 24 kHz Nyquist frequency
   * @param levelDbfs peak level, at most 0 dBFS
   */
  public record Tone(double frequencyHz, double levelDbfs) {
    public Tone {
      if (!(frequencyHz > 0 && frequencyHz < PcmFormat.SAMPLE_RATE / 2.0)) {
        throw new IllegalArgumentException("frequency must be in (0, 24000) Hz: " + frequencyHz);
      }
      if (!(levelDbfs <= 0) || Double.isInfinite(levelDbfs)) {
        throw new IllegalArgumentException("level must be a finite dBFS <= 0: " + levelDbfs);
      }
    }

    /** Peak amplitude in sample units. */
    public double amplitude() {
      return ToneSource.amplitude(levelDbfs);
    }
  }

  private final List<Tone> tones;
  private final double[] amplitudes;
  private final double[] increments;
  private final double[] phases;
  private final FrameBudget budget;

  private ToneSource(List<Tone> tones, FrameBudget budget) {
    if (tones.isEmpty()) {
      throw new IllegalArgumentException("at least one tone is needed");
    }
    this.tones = List.copyOf(tones);
    this.budget = budget;
    amplitudes = new double[tones.size()];
    increments = new double[tones.size()];
    phases = new double[tones.size()];
    double peak = 0;
    for (int i = 0; i < tones.size(); i++) {
      amplitudes[i] = tones.get(i).amplitude();
      increments[i] = tones.get(i).frequencyHz() / PcmFormat.SAMPLE_RATE;
      peak += amplitudes[i];
    }
    if (peak > Short.MAX_VALUE + 0.5) {
      throw new IllegalArgumentException("combined peak level exceeds full scale: " + tones);
    }
  }

  /** A tone that never ends. */
  public static ToneSource continuous(double frequencyHz, double levelDbfs) {
    return new ToneSource(List.of(new Tone(frequencyHz, levelDbfs)), FrameBudget.endless());
  }

  /** A tone lasting {@code duration}. */
  public static ToneSource of(double frequencyHz, double levelDbfs, Duration duration) {
    return new ToneSource(List.of(new Tone(frequencyHz, levelDbfs)), FrameBudget.of(duration));
  }

  /**
   * The sum of {@code tones}, endless when {@code duration} is empty.
   *
   * @throws IllegalArgumentException if the tones' peaks add up to more than full scale
   */
  public static ToneSource of(List<Tone> tones, Optional<Duration> duration) {
    return new ToneSource(tones, duration.map(FrameBudget::of).orElseGet(FrameBudget::endless));
  }

  /**
   * The DTMF pair for {@code key} (one of {@code 0-9 * # A-D}) with each tone at {@code levelDbfs},
   * as in ITU-T Q.23.
   */
  public static ToneSource dtmf(char key, double levelDbfs, Duration duration) {
    int i = DTMF_KEYS.indexOf(Character.toUpperCase(key));
    if (i < 0) {
      throw new IllegalArgumentException("not a DTMF key: " + key);
    }
    return of(
        List.of(new Tone(DTMF_LOW[i / 4], levelDbfs), new Tone(DTMF_HIGH[i % 4], levelDbfs)),
        Optional.of(duration));
  }

  /** Peak amplitude in sample units of a sine at {@code levelDbfs}: 32767 × 10^(dBFS/20). */
  public static double amplitude(double levelDbfs) {
    return Short.MAX_VALUE * Math.pow(10, levelDbfs / 20);
  }

  public List<Tone> tones() {
    return tones;
  }

  @Override
  public boolean read(short[] frame) {
    int n = budget.take(frame.length);
    for (int s = 0; s < n; s++) {
      double v = 0;
      for (int i = 0; i < phases.length; i++) {
        v += amplitudes[i] * Math.sin(2 * Math.PI * phases[i]);
        phases[i] += increments[i];
        if (phases[i] >= 1) {
          phases[i] -= 1;
        }
      }
      frame[s] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
    Arrays.fill(frame, n, frame.length, (short) 0);
    return n > 0;
  }
}
