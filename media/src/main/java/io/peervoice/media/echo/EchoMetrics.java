package io.peervoice.media.echo;

import io.peervoice.media.processing.AudioProcessor;

/**
 * The echo bench's figures, from the simulated parts of the microphone signal and the processor's
 * output, per 10 ms block:
 *
 * <ul>
 *   <li><b>far-end single talk</b>: blocks whose echo is within 40 dB of the loudest echo block and
 *       10 dB above the noise, while the near end is silent (more than 50 dB below its loudest
 *       block, or absent);
 *   <li><b>double talk</b>: blocks where both the near end and the echo are within 30 dB of their
 *       loudest blocks;
 *   <li><b>ERLE</b>: 10·log10 of the microphone's energy over the output's, summed over far-end
 *       single-talk blocks (whole file, and from 2 s on); the output's energy is floored at 16-bit
 *       rounding noise, so a perfect canceller reads about 90 dB, not infinity;
 *   <li><b>convergence</b>: from the first far-end block to the end of the first 200 ms window
 *       (with at least 100 ms of single talk in it) whose ERLE reaches 20 dB;
 *   <li><b>double-talk near-end correlation</b>: Pearson correlation of the log envelopes (log10(1
 *       + rms) per 10 ms) of the output and of the clean near end over double-talk blocks;
 *   <li><b>double-talk near-end suppression</b>: how much of the clean near end's level the
 *       processor took away over the double-talk blocks, per frequency ({@link NearEndGain}:
 *       residual echo, uncorrelated with the near end, does not count as near end, nor does a
 *       filter's phase).
 * </ul>
 *
 * <p>Every figure compares the output with the input block by block, so the output is first aligned
 * with the input: moved earlier by the processor's latency ({@link #latencySamples}, to the sample,
 * found on the near end in double talk; 0 without a near end). A processor's band splitting and
 * block framing delay its output (webrtc-aec3 with everything on by 15 ms at 48 kHz): left
 * unaligned, the near end's last words leak into the next far-end single-talk blocks and count as
 * residual echo, and each output block's envelope straddles two input blocks.
 */
public final class EchoMetrics {
  private static final int N = AudioProcessor.BLOCK_SAMPLES;
  private static final int BLOCKS_PER_SECOND = 100;
  private static final double CONVERGED_DB = 20;
  private static final int WINDOW_BLOCKS = 20;
  private static final int MIN_WINDOW_SINGLE_TALK = 10;

  /** 40 ms at 48 kHz: the longest processing latency looked for. */
  static final int MAX_LATENCY_SAMPLES = 1920;

  /** Rounding to 16 bits leaves 1/12 LSB² of noise per sample. */
  private static final double ROUNDING_ENERGY_PER_BLOCK = N / 12.0;

  private EchoMetrics() {}

  /** Which blocks are far-end single talk and which double talk. */
  record Talk(boolean[] single, boolean[] doubleTalk) {}

  /** Measures one run of {@code signals} through a processor. */
  public static EchoBenchResult measure(EchoSignals signals, EchoBench.Run run) {
    int blocks = signals.length() / N;
    double[] echo = blockEnergy(signals.echo(), blocks);
    double[] near = blockEnergy(signals.near(), blocks);
    double[] noise = blockEnergy(signals.noise(), blocks);
    double[] mic = blockEnergy(signals.mic(), blocks);
    Talk talk = classify(echo, near, noise, signals.hasNear());
    int latency = latencySamples(signals.near(), run.output(), talk.doubleTalk());
    short[] aligned = advance(run.output(), latency);
    double[] out = blockEnergy(aligned, blocks);
    int first = -1;
    double echoPeak = max(echo);
    for (int b = 0; b < blocks && first < 0; b++) {
      if (echoPeak > 0 && echo[b] > echoPeak * 1e-4) {
        first = b;
      }
    }
    double[] perSecond = new double[blocks / BLOCKS_PER_SECOND];
    for (int s = 0; s < perSecond.length; s++) {
      perSecond[s] =
          erle(mic, out, talk.single(), s * BLOCKS_PER_SECOND, (s + 1) * BLOCKS_PER_SECOND);
    }
    double seconds = signals.seconds();
    return new EchoBenchResult(
        run.stats().engine(),
        seconds,
        count(talk.single()) / (double) BLOCKS_PER_SECOND,
        count(talk.doubleTalk()) / (double) BLOCKS_PER_SECOND,
        erle(mic, out, talk.single(), 0, blocks),
        erle(mic, out, talk.single(), 2 * BLOCKS_PER_SECOND, blocks),
        convergenceMillis(mic, out, talk.single(), first),
        envelopeCorrelation(signals.near(), aligned, talk.doubleTalk()),
        NearEndGain.suppressionDb(signals.near(), aligned, talk.doubleTalk()),
        run.cpuPercent(seconds),
        run.cpuPercentAfter2s(seconds),
        ratioDb(echo, near, talk.doubleTalk()),
        run.stats().echoDelayMs(),
        run.stats().erleDb(),
        perSecond,
        signals.clippedSamples(),
        count(talk.doubleTalk()) == 0
            ? Double.NaN
            : latency * 1000.0 / io.peervoice.media.audio.PcmFormat.SAMPLE_RATE,
        run.stats().linearConvergenceMs(),
        NearEndGain.echoReductionDb(signals.near(), signals.echo(), aligned, talk.doubleTalk()),
        NearEndGain.residualToNearDb(signals.near(), aligned, talk.doubleTalk()));
  }

  static Talk classify(double[] echo, double[] near, double[] noise, boolean hasNear) {
    double echoPeak = max(echo);
    double nearPeak = max(near);
    boolean[] single = new boolean[echo.length];
    boolean[] both = new boolean[echo.length];
    for (int b = 0; b < echo.length; b++) {
      boolean farActive = echo[b] > echoPeak * 1e-4 && echo[b] > 10 * noise[b] && echo[b] > 0;
      boolean nearSilent = !hasNear || near[b] <= nearPeak * 1e-5;
      single[b] = farActive && nearSilent;
      both[b] = hasNear && near[b] > nearPeak * 1e-3 && echo[b] > echoPeak * 1e-3;
    }
    return new Talk(single, both);
  }

  /** ERLE in dB over the selected blocks in [from, to), or NaN when none is selected. */
  static double erle(double[] mic, double[] out, boolean[] selected, int from, int to) {
    double in = 0;
    double left = 0;
    int n = 0;
    for (int b = Math.max(0, from); b < Math.min(to, selected.length); b++) {
      if (selected[b]) {
        in += mic[b];
        left += out[b];
        n++;
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    return 10 * Math.log10(in / (left + n * ROUNDING_ENERGY_PER_BLOCK));
  }

  /** 10·log10 of the sum of {@code a} over the sum of {@code b} on the selected blocks. */
  static double ratioDb(double[] a, double[] b, boolean[] selected) {
    double sa = 0;
    double sb = 0;
    for (int i = 0; i < selected.length; i++) {
      if (selected[i]) {
        sa += a[i];
        sb += b[i];
      }
    }
    return sa == 0 || sb == 0 ? Double.NaN : 10 * Math.log10(sa / sb);
  }

  static int convergenceMillis(double[] mic, double[] out, boolean[] single, int first) {
    if (first < 0) {
      return -1;
    }
    for (int end = first + 1; end <= single.length; end++) {
      int start = Math.max(first, end - WINDOW_BLOCKS);
      if (count(single, start, end) >= MIN_WINDOW_SINGLE_TALK
          && erle(mic, out, single, start, end) >= CONVERGED_DB) {
        return (end - first) * 10;
      }
    }
    return -1;
  }

  static double envelopeCorrelation(double[] near, short[] output, boolean[] doubleTalk) {
    int blocks = doubleTalk.length;
    double[] ref = new double[blocks];
    double[] got = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      double r = 0;
      double g = 0;
      for (int i = b * N; i < (b + 1) * N; i++) {
        r += near[i] * near[i];
        g += (double) output[i] * output[i];
      }
      ref[b] = Math.log10(1 + Math.sqrt(r / N));
      got[b] = Math.log10(1 + Math.sqrt(g / N));
    }
    return pearson(ref, got, doubleTalk);
  }

  private static double pearson(double[] a, double[] b, boolean[] selected) {
    double sa = 0;
    double sb = 0;
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (selected[i]) {
        sa += a[i];
        sb += b[i];
        n++;
      }
    }
    if (n < 10) {
      return Double.NaN;
    }
    double ma = sa / n;
    double mb = sb / n;
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < a.length; i++) {
      if (selected[i]) {
        double da = a[i] - ma;
        double db = b[i] - mb;
        cov += da * db;
        va += da * da;
        vb += db * db;
      }
    }
    return va == 0 || vb == 0 ? 0 : cov / Math.sqrt(va * vb);
  }

  /**
   * The processor's latency in samples: the lag of 0..{@value #MAX_LATENCY_SAMPLES} at which the
   * output correlates best with the clean near end over the double-talk blocks (0 when there are
   * none). Band-splitting filters and block framing delay the output by a few ms (webrtc-aec3 with
   * everything on: 15 ms), and every figure compares blocks of the output with the same blocks of
   * the input, so the output is first advanced by this much.
   */
  static int latencySamples(double[] near, short[] output, boolean[] doubleTalk) {
    int best = 0;
    double bestCross = 0;
    for (int lag = 0; lag <= MAX_LATENCY_SAMPLES; lag++) {
      double cross = 0;
      for (int b = 0; b < doubleTalk.length; b++) {
        if (doubleTalk[b]) {
          int end = Math.min((b + 1) * N, output.length - lag);
          for (int i = b * N; i < end; i++) {
            cross += near[i] * output[i + lag];
          }
        }
      }
      if (cross > bestCross) {
        bestCross = cross;
        best = lag;
      }
    }
    return best;
  }

  /** {@code output} moved {@code samples} earlier, the end filled with silence. */
  static short[] advance(short[] output, int samples) {
    short[] moved = new short[output.length];
    System.arraycopy(output, samples, moved, 0, output.length - samples);
    return moved;
  }

  private static double[] blockEnergy(double[] x, int blocks) {
    double[] e = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      for (int i = b * N; i < (b + 1) * N; i++) {
        e[b] += x[i] * x[i];
      }
    }
    return e;
  }

  private static double[] blockEnergy(short[] x, int blocks) {
    double[] e = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      for (int i = b * N; i < (b + 1) * N; i++) {
        e[b] += (double) x[i] * x[i];
      }
    }
    return e;
  }

  private static double max(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static int count(boolean[] x) {
    return count(x, 0, x.length);
  }

  private static int count(boolean[] x, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += x[i] ? 1 : 0;
    }
    return n;
  }
}
