package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.NoiseSuppression;
import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.media.processing.ProcessingStats;
import java.util.Arrays;

/**
 * The {@link ProcessingEngine#PEERVOICE_AEC} stage, in Java: the band below 8 kHz is taken to 16
 * kHz ({@link ThirdRateFilter}), high-passed, and run through a long-tail linear echo canceller
 * ({@link PartitionedEchoFilter}, {@value #PARTITIONS} blocks of 8 ms: 512 ms of echo path, delay
 * included) and the residual echo and noise suppressor ({@link ResidualSuppressor}); the band above
 * 8 kHz gets the suppressor's high-band gain; the two are summed back at 48 kHz and the gain
 * control ({@link DigitalGainControl}) applied last. With neither echo cancellation nor noise
 * suppression on, only the high-pass (at 48 kHz) and the gain control run, without latency.
 *
 * <p>Band split without a split filter bank: the output is {@code up(low - g * micLow) + g * mic},
 * {@code micLow} the microphone's own low band and {@code mic} the microphone delayed to match, so
 * with nothing to remove ({@code low == micLow}) the microphone comes out exactly, whatever the
 * low-pass does at its edge. The output is {@link #LATENCY_48K} samples late (17 ms: 16 ms of block
 * framing and overlap-add at 16 kHz, 1 ms of filters).
 *
 * <p>Reference blocks wait in a {@link ReferenceQueue} for the capture block they belong to, so
 * render and capture may come in either order each tick. Thread-safe (one lock); nothing is
 * allocated per block.
 */
final class LongTailProcessor implements AudioProcessor {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(LongTailProcessor.class);
  static final int PARTITIONS = 64;
  private static final int N = PartitionedEchoFilter.N;
  private static final int SUB = BLOCK_SAMPLES / 3;
  private static final int LATENCY_16K = 2 * N;
  static final int LATENCY_48K = 2 * ThirdRateFilter.HALF_DELAY + 3 * LATENCY_16K;
  private static final int QUEUE_BLOCKS = 16;
  private static final float FAR_ACTIVE = 3400f * N; // -55 dBFS
  private static final int DOUBLE_TALK_HOLD = 8; // blocks of 8 ms: the latency and the tails

  private final ThirdRateFilter.Down micDown = new ThirdRateFilter.Down(SUB);
  private final ThirdRateFilter.Down farDown = new ThirdRateFilter.Down(SUB);
  private final ThirdRateFilter.Up up = new ThirdRateFilter.Up(SUB);
  private final boolean direct;
  private final HighPassFilter highPass;
  private final HighPassFilter wideHighPass;
  private final PartitionedEchoFilter filter;
  private final ResidualSuppressor suppressor;
  private final DigitalGainControl gainControl;
  private final ErleMeter erle = new ErleMeter();
  private final LinearConvergence linear = new LinearConvergence();
  private final ReferenceQueue reference = new ReferenceQueue(QUEUE_BLOCKS);
  private final float[] micIn = new float[N + SUB];
  private final float[] rawIn = new float[N + SUB];
  private final float[] farIn = new float[N + SUB];
  private final float[] lowOut = new float[2 * N + SUB];
  private final float[] highGain = new float[2 * N + SUB];
  private final float[] micDelay = new float[LATENCY_48K + BLOCK_SAMPLES];
  private final float[] sub = new float[SUB];
  private final float[] wide = new float[BLOCK_SAMPLES];
  private final float[] error = new float[N];
  private final float[] suppressed = new float[N];
  private final float[] rawPrevious = new float[N];
  private final short[] input = new short[BLOCK_SAMPLES];
  private final short[] cancelled = new short[BLOCK_SAMPLES];
  private int doubleTalkRecently;
  private long unlatchesSeen;
  private int inCount;
  private int outCount;
  private float highPrevious = 1;
  private long captured;
  private long rendered;
  private boolean closed;

  LongTailProcessor(AudioProcessing settings) {
    direct = !settings.echoCancellation() && settings.noiseSuppression() == NoiseSuppression.OFF;
    highPass = settings.highPass() && !direct ? new HighPassFilter(16_000) : null;
    wideHighPass = settings.highPass() && direct ? new HighPassFilter(48_000) : null;
    filter = settings.echoCancellation() ? new PartitionedEchoFilter(PARTITIONS) : null;
    suppressor = new ResidualSuppressor(settings.echoCancellation(), noiseFloor(settings));
    gainControl = settings.gainControl() ? new DigitalGainControl() : null;
    outCount = N; // the overlap-add's block, prefilled: capture never waits for a whole block
    Arrays.fill(highGain, 1f);
  }

  /** The noise gain's floor: low 6 dB, moderate 12 dB, high 18 dB (as WebRTC's levels). */
  static float noiseFloor(AudioProcessing settings) {
    return switch (settings.noiseSuppression()) {
      case OFF -> 1f;
      case LOW -> 0.5f;
      case MODERATE -> 0.25f;
      case HIGH -> 0.125f;
    };
  }

  @Override
  public synchronized void render(short[] farEnd10ms) {
    Blocks.check(farEnd10ms);
    if (closed || filter == null) {
      return;
    }
    reference.push(farEnd10ms);
    rendered++;
  }

  @Override
  public synchronized void capture(short[] near10ms) {
    Blocks.check(near10ms);
    if (closed) {
      return;
    }
    if (direct) {
      captureDirect(near10ms);
      return;
    }
    System.arraycopy(micDelay, BLOCK_SAMPLES, micDelay, 0, LATENCY_48K);
    for (int i = 0; i < BLOCK_SAMPLES; i++) {
      micDelay[LATENCY_48K + i] = near10ms[i];
    }
    micDown.process(near10ms, sub);
    System.arraycopy(sub, 0, rawIn, inCount, SUB);
    if (highPass != null) {
      highPass.filter(sub, SUB);
    }
    System.arraycopy(sub, 0, micIn, inCount, SUB);
    short[] far = filter == null ? null : reference.poll();
    double farPower = reference.polledPower();
    if (far != null) {
      farDown.process(far, sub);
      System.arraycopy(sub, 0, farIn, inCount, SUB);
    } else {
      Arrays.fill(farIn, inCount, inCount + SUB, 0f);
    }
    inCount += SUB;
    while (inCount >= N) {
      processBlock();
      inCount -= N;
      System.arraycopy(micIn, N, micIn, 0, inCount);
      System.arraycopy(rawIn, N, rawIn, 0, inCount);
      System.arraycopy(farIn, N, farIn, 0, inCount);
    }
    up.process(lowOut, wide);
    for (int i = 0; i < BLOCK_SAMPLES; i++) {
      wide[i] += highGain[i / 3] * micDelay[i];
    }
    outCount -= SUB;
    System.arraycopy(lowOut, SUB, lowOut, 0, outCount);
    System.arraycopy(highGain, SUB, highGain, 0, outCount);
    if (filter != null && doubleTalkRecently == 0 && ErleMeter.counts(farPower)) {
      // the canceller's own figure: its output before the gain control against the microphone
      // delayed by the stage's latency, far-end single talk only
      toShorts(wide, cancelled);
      toShorts(micDelay, input);
      erle.add(farPower, input, cancelled);
    }
    if (gainControl != null) {
      gainControl.process(wide, BLOCK_SAMPLES);
    }
    toShorts(wide, near10ms);
    captured++;
  }

  /**
   * Without echo cancellation and noise suppression there is nothing for the band split: the
   * high-pass runs at 48 kHz and the gain control on it, with no latency.
   */
  private void captureDirect(short[] near10ms) {
    for (int i = 0; i < BLOCK_SAMPLES; i++) {
      wide[i] = near10ms[i];
    }
    if (wideHighPass != null) {
      wideHighPass.filter(wide, BLOCK_SAMPLES);
    }
    if (gainControl != null) {
      gainControl.process(wide, BLOCK_SAMPLES);
    }
    toShorts(wide, near10ms);
    captured++;
  }

  private static void toShorts(float[] x, short[] out) {
    for (int i = 0; i < out.length; i++) {
      float v = x[i];
      int s = (int) (v >= 0 ? v + 0.5f : v - 0.5f);
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s));
    }
  }

  /** One 8 ms block at 16 kHz from the head of the input queues to the tail of the output. */
  private void processBlock() {
    float micEnergy = 0;
    for (int i = 0; i < N; i++) {
      micEnergy += micIn[i] * micIn[i];
    }
    float echoEnergy = 0;
    boolean farActive = false;
    float[] echoPower = null;
    boolean singleTalk = true;
    boolean converged = false;
    if (filter != null) {
      filter.process(farIn, micIn, error);
      float[] echo = filter.echo();
      float farEnergy = 0;
      for (int i = 0; i < N; i++) {
        echoEnergy += echo[i] * echo[i];
        farEnergy += farIn[i] * farIn[i];
      }
      farActive = farEnergy > FAR_ACTIVE;
      echoPower = filter.echoPower();
      singleTalk = filter.doubleTalkFactor() >= 1f;
      converged = filter.converged();
      // the output of this block leaves over the next captures: hold the flag over the latency
      doubleTalkRecently = singleTalk ? Math.max(0, doubleTalkRecently - 1) : DOUBLE_TALK_HOLD;
      if (filter.unlatches() != unlatchesSeen) {
        unlatchesSeen = filter.unlatches();
        suppressor.relearn();
      }
      linear.add(farActive, singleTalk, micEnergy, error);
    } else {
      System.arraycopy(micIn, 0, error, 0, N);
    }
    suppressor.process(error, echoPower, micEnergy, echoEnergy, converged, singleTalk, suppressed);
    float to = suppressor.highBandGain();
    float from = highPrevious;
    for (int i = 0; i < N; i++) {
      float g = from + (to - from) * i / N;
      lowOut[outCount + i] = suppressed[i] - g * rawPrevious[i];
      highGain[outCount + i] = g;
    }
    highPrevious = to;
    System.arraycopy(rawIn, 0, rawPrevious, 0, N);
    outCount += N;
  }

  @Override
  public ProcessingEngine engine() {
    return ProcessingEngine.PEERVOICE_AEC;
  }

  @Override
  public synchronized ProcessingStats stats() {
    if (closed || filter == null || captured == 0) {
      return new ProcessingStats(
          engine(),
          -1,
          Double.NaN,
          captured,
          rendered,
          filter == null ? ProcessingStats.NO_LINEAR_STAGE : -1);
    }
    double erleDb = erle.erleDb();
    int peak = filter.peakPartition();
    int delayMs =
        Double.isNaN(erleDb) || peak < 0
            ? -1
            : peak * N * 1000 / 16_000 + 4 + Math.max(0, reference.queuedAtPoll() - 1) * 10;
    return new ProcessingStats(
        engine(), delayMs, erleDb, captured, rendered, linear.convergenceMillis());
  }

  /** The echo filter, the suppressor and the high-pass, for tests (null when not in use). */
  PartitionedEchoFilter echoFilter() {
    return filter;
  }

  ResidualSuppressor residualSuppressor() {
    return suppressor;
  }

  /** The far-end reference's queue, for tests. */
  ReferenceQueue referenceQueue() {
    return reference;
  }

  HighPassFilter highPassFilter() {
    return highPass;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      log.debug(
          "reference queue at close: {} underflows, {} overflows, {} trims, {} blocks waiting",
          reference.underflows(),
          reference.overflows(),
          reference.trims(),
          reference.queued());
    }
    closed = true;
  }
}
