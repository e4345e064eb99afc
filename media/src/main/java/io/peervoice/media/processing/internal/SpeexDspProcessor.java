package io.peervoice.media.processing.internal;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.FloatByReference;
import com.sun.jna.ptr.IntByReference;
import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.NoiseSuppression;
import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.media.processing.ProcessingStats;

/**
 * speexdsp: its MDF echo canceller (filter of {@link #FILTER_MS} ms, which must cover the echo path
 * delay as speex does not estimate it) and its preprocessor (noise suppression, AGC, residual echo
 * suppression), plus our own {@link HighPassFilter}. Reference blocks wait in a small queue until
 * the capture block they belong to, so render and capture may come in any order each tick. Native
 * state is touched under this object's lock only, never after {@link #close}.
 */
final class SpeexDspProcessor implements AudioProcessor {
  static final int FILTER_MS = 200;
  private static final int RATE = 48_000;
  private static final int QUEUE_BLOCKS = 16;

  private final Pointer echo;
  private final Pointer preprocess;
  private final HighPassFilter highPass;
  private final ErleMeter erle = new ErleMeter();
  private final ReferenceQueue reference = new ReferenceQueue(QUEUE_BLOCKS);
  private final short[] silence = new short[BLOCK_SAMPLES];
  private final short[] echoIn = new short[BLOCK_SAMPLES];
  private long captured;
  private long rendered;
  private boolean closed;

  SpeexDspProcessor(AudioProcessing settings) {
    highPass = settings.highPass() ? new HighPassFilter() : null;
    Pointer e = null;
    Pointer p = null;
    try {
      if (settings.echoCancellation()) {
        e = SpeexDspNative.speex_echo_state_init(BLOCK_SAMPLES, RATE / 1000 * FILTER_MS);
        require(e, "speex_echo_state_init");
        SpeexDspNative.speex_echo_ctl(
            e, SpeexDspNative.ECHO_SET_SAMPLING_RATE, new IntByReference(RATE));
      }
      boolean ns = settings.noiseSuppression() != NoiseSuppression.OFF;
      if (ns || settings.gainControl()) {
        p = SpeexDspNative.speex_preprocess_state_init(BLOCK_SAMPLES, RATE);
        require(p, "speex_preprocess_state_init");
        ctl(p, SpeexDspNative.PREPROCESS_SET_DENOISE, ns ? 1 : 0);
        if (ns) {
          ctl(p, SpeexDspNative.PREPROCESS_SET_NOISE_SUPPRESS, suppressDb(settings));
        }
        ctl(p, SpeexDspNative.PREPROCESS_SET_AGC, settings.gainControl() ? 1 : 0);
        if (settings.gainControl()) {
          SpeexDspNative.speex_preprocess_ctl(
              p, SpeexDspNative.PREPROCESS_SET_AGC_LEVEL, new FloatByReference(8000f));
          ctl(p, SpeexDspNative.PREPROCESS_SET_AGC_MAX_GAIN, 20);
        }
        if (e != null) {
          SpeexDspNative.speex_preprocess_ctl(p, SpeexDspNative.PREPROCESS_SET_ECHO_STATE, e);
        }
      }
    } catch (RuntimeException | Error failure) {
      free(e, p);
      throw failure;
    }
    echo = e;
    preprocess = p;
  }

  private static int suppressDb(AudioProcessing settings) {
    return switch (settings.noiseSuppression()) {
      case LOW -> -12;
      case MODERATE, OFF -> -18;
      case HIGH -> -25;
    };
  }

  private static void ctl(Pointer preprocess, int request, int value) {
    SpeexDspNative.speex_preprocess_ctl(preprocess, request, new IntByReference(value));
  }

  private static void require(Pointer state, String what) {
    if (state == null) {
      throw new AudioProcessingException("speexdsp: " + what + " returned NULL");
    }
  }

  @Override
  public synchronized void render(short[] farEnd10ms) {
    Blocks.check(farEnd10ms);
    if (closed || echo == null) {
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
    if (highPass != null) {
      highPass.filter(near10ms);
    }
    if (echo != null) {
      short[] far = reference.poll();
      System.arraycopy(near10ms, 0, echoIn, 0, BLOCK_SAMPLES);
      SpeexDspNative.speex_echo_cancellation(echo, echoIn, far == null ? silence : far, near10ms);
      erle.add(reference.polledPower(), echoIn, near10ms);
    }
    if (preprocess != null) {
      SpeexDspNative.speex_preprocess_run(preprocess, near10ms);
    }
    captured++;
  }

  @Override
  public ProcessingEngine engine() {
    return ProcessingEngine.SPEEXDSP;
  }

  @Override
  public synchronized ProcessingStats stats() {
    if (closed || echo == null || captured == 0) {
      return new ProcessingStats(engine(), -1, Double.NaN, captured, rendered);
    }
    double erleDb = erle.erleDb();
    return new ProcessingStats(
        engine(), Double.isNaN(erleDb) ? -1 : echoDelayMs(), erleDb, captured, rendered);
  }

  /** The strongest tap of the adapted filter, plus the time reference blocks waited here. */
  private int echoDelayMs() {
    IntByReference size = new IntByReference();
    SpeexDspNative.speex_echo_ctl(echo, SpeexDspNative.ECHO_GET_IMPULSE_RESPONSE_SIZE, size);
    int[] taps = new int[size.getValue()];
    SpeexDspNative.speex_echo_ctl(echo, SpeexDspNative.ECHO_GET_IMPULSE_RESPONSE, taps);
    int peak = 0;
    for (int i = 1; i < taps.length; i++) {
      if (Math.abs((long) taps[i]) > Math.abs((long) taps[peak])) {
        peak = i;
      }
    }
    return peak * 1000 / RATE + reference.queuedAtPoll() * 10;
  }

  /** Reference blocks dropped because capture fell behind by more than the queue holds. */
  synchronized long droppedReferenceBlocks() {
    return reference.overflows();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      free(echo, preprocess);
    }
  }

  private static void free(Pointer echo, Pointer preprocess) {
    if (preprocess != null) {
      SpeexDspNative.speex_preprocess_state_destroy(preprocess);
    }
    if (echo != null) {
      SpeexDspNative.speex_echo_state_destroy(echo);
    }
  }
}
