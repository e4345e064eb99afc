package io.peervoice.media.echo;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.processing.AudioProcessor;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A simulated loudspeaker-to-microphone path: the far end's speech, played out, reaches the
 * microphone through a room ({@code rir}, normalised to unit energy, then scaled by {@code
 * echoGainDb}) after {@code delayMillis} of device buffers; the microphone also hears an optional
 * near-end talker and optional white noise. Everything at 48 kHz. Built by {@link #builder}, which
 * validates.
 *
 * @param far what is played out (the echo reference), 48 kHz
 * @param near the near-end talker at the microphone, 48 kHz, if any
 * @param rir the loudspeaker-to-microphone impulse response, 48 kHz, if any (else a plain delay)
 * @param delayMillis playout-to-capture delay added before the room response, 0..{@link
 *     #MAX_DELAY_MILLIS}
 * @param echoGainDb the echo's level relative to the far end's, after the response's own energy is
 *     normalised away
 * @param noiseDbfs the level of white noise at the microphone (RMS, dB relative to full scale), or
 *     empty for none
 * @param seed the noise's seed
 */
public record EchoScene(
    PcmClip far,
    Optional<PcmClip> near,
    Optional<PcmClip> rir,
    int delayMillis,
    double echoGainDb,
    Optional<Double> noiseDbfs,
    long seed) {

  /** The longest playout-to-capture delay the bench simulates. */
  public static final int MAX_DELAY_MILLIS = 1_000;

  /** The longest room response, in seconds. */
  public static final double MAX_RIR_SECONDS = 3;

  /** The longest simulation, in seconds. */
  public static final double MAX_SECONDS = 600;

  public EchoScene {
    Objects.requireNonNull(far, "far");
    Objects.requireNonNull(near, "near");
    Objects.requireNonNull(rir, "rir");
    Objects.requireNonNull(noiseDbfs, "noiseDbfs");
    at48k("far-end", far);
    near.ifPresent(c -> at48k("near-end", c));
    rir.ifPresent(c -> at48k("room response", c));
    if (far.samples().length < AudioProcessor.BLOCK_SAMPLES) {
      throw new IllegalArgumentException("the far-end speech is shorter than 10 ms");
    }
    double longest =
        Math.max(far.durationSeconds(), near.map(PcmClip::durationSeconds).orElse(0.0));
    if (longest > MAX_SECONDS) {
      throw new IllegalArgumentException(
          String.format("%.0f s of audio: at most %.0f s", longest, MAX_SECONDS));
    }
    if (rir.isPresent()) {
      if (rir.get().durationSeconds() > MAX_RIR_SECONDS) {
        throw new IllegalArgumentException(
            String.format(
                "the room response is %.1f s long: at most %.0f s",
                rir.get().durationSeconds(), MAX_RIR_SECONDS));
      }
      if (energy(rir.get().samples()) == 0) {
        throw new IllegalArgumentException("the room response is all zeros");
      }
    }
    if (delayMillis < 0 || delayMillis > MAX_DELAY_MILLIS) {
      throw new IllegalArgumentException(
          "delay must be 0.." + MAX_DELAY_MILLIS + " ms, got " + delayMillis);
    }
    if (!(echoGainDb >= -60 && echoGainDb <= 20)) {
      throw new IllegalArgumentException("echo gain must be -60..20 dB, got " + echoGainDb);
    }
    if (noiseDbfs.isPresent() && !(noiseDbfs.get() >= -120 && noiseDbfs.get() <= -10)) {
      throw new IllegalArgumentException(
          "noise level must be -120..-10 dBFS, got " + noiseDbfs.get());
    }
  }

  /** A scene playing {@code far} (48 kHz) over a plain delay line, with defaults to change. */
  public static Builder builder(PcmClip far) {
    return new Builder(far);
  }

  /**
   * The microphone signal and its parts, as long as the longer of the far and near clips rounded up
   * to whole 10 ms blocks.
   */
  public EchoSignals mix() {
    int blocks =
        (Math.max(far.samples().length, near.map(c -> c.samples().length).orElse(0))
                + AudioProcessor.BLOCK_SAMPLES
                - 1)
            / AudioProcessor.BLOCK_SAMPLES;
    int length = blocks * AudioProcessor.BLOCK_SAMPLES;
    short[] farOut = java.util.Arrays.copyOf(far.samples(), length);
    double[] farIn = toDouble(far.samples());
    int delay = delayMillis * PcmFormat.SAMPLE_RATE / 1000;
    double gain = Math.pow(10, echoGainDb / 20);
    double[] taps = rir.map(c -> unitEnergy(c.samples(), gain)).orElse(new double[] {gain});
    double[] echo = new FftConvolver(taps).apply(farIn, delay, length);
    double[] nearIn = new double[length];
    near.ifPresent(c -> copy(c.samples(), nearIn));
    double[] noise = new double[length];
    if (noiseDbfs.isPresent()) {
      double sigma = 32768 * Math.pow(10, noiseDbfs.get() / 20);
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < length; i++) {
        noise[i] = sigma * gaussian(random);
      }
    }
    short[] mic = new short[length];
    int clipped = 0;
    for (int i = 0; i < length; i++) {
      long v = Math.round(echo[i] + nearIn[i] + noise[i]);
      if (v > Short.MAX_VALUE || v < Short.MIN_VALUE) {
        clipped++;
        v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
      }
      mic[i] = (short) v;
    }
    return new EchoSignals(farOut, echo, nearIn, noise, mic, near.isPresent(), clipped);
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double[] unitEnergy(short[] samples, double gain) {
    double scale = gain / Math.sqrt(energy(samples));
    double[] taps = new double[samples.length];
    for (int i = 0; i < taps.length; i++) {
      taps[i] = samples[i] * scale;
    }
    return taps;
  }

  private static double energy(short[] samples) {
    double e = 0;
    for (short s : samples) {
      e += (double) s * s;
    }
    return e;
  }

  private static double[] toDouble(short[] samples) {
    double[] d = new double[samples.length];
    copy(samples, d);
    return d;
  }

  private static void copy(short[] from, double[] to) {
    for (int i = 0; i < Math.min(from.length, to.length); i++) {
      to[i] = from[i];
    }
  }

  private static void at48k(String what, PcmClip clip) {
    if (clip.sampleRate() != PcmFormat.SAMPLE_RATE) {
      throw new IllegalArgumentException(
          "the " + what + " clip is " + clip.sampleRate() + " Hz; resample it to 48 kHz first");
    }
  }

  /** Builds a validated {@link EchoScene}. */
  public static final class Builder {
    private final PcmClip far;
    private PcmClip near;
    private PcmClip rir;
    private int delayMillis;
    private double echoGainDb;
    private Double noiseDbfs;
    private long seed = 1;

    private Builder(PcmClip far) {
      this.far = Objects.requireNonNull(far, "far");
    }

    /** The near-end talker at the microphone (default: none). */
    public Builder near(PcmClip clip) {
      this.near = clip;
      return this;
    }

    /** The room's impulse response (default: none, a plain delay line). */
    public Builder rir(PcmClip clip) {
      this.rir = clip;
      return this;
    }

    /** Playout-to-capture delay (default 0). */
    public Builder delayMillis(int millis) {
      this.delayMillis = millis;
      return this;
    }

    /** The echo's level relative to the far end (default 0 dB). */
    public Builder echoGainDb(double db) {
      this.echoGainDb = db;
      return this;
    }

    /** White noise at the microphone at this RMS level in dBFS (default: none). */
    public Builder noiseDbfs(double dbfs) {
      this.noiseDbfs = dbfs;
      return this;
    }

    /** The noise's seed (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The scene.
     *
     * @throws IllegalArgumentException saying which value is out of range
     */
    public EchoScene build() {
      return new EchoScene(
          far,
          Optional.ofNullable(near),
          Optional.ofNullable(rir),
          delayMillis,
          echoGainDb,
          Optional.ofNullable(noiseDbfs),
          seed);
    }
  }
}
