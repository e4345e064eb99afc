package io.peervoice.media.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures the short-time energy envelope {@link EnvelopeSimilarity} compares, as audio flows: one
 * value per 10 ms window, {@code log10(1 + rms)}, and nothing else is kept (8 bytes per window: 48
 * KB per minute), so two meters can compare a call of any length without holding its audio. Fed the
 * same samples in any pieces, it gives exactly the envelope {@link
 * EnvelopeSimilarity#compare(PcmClip, PcmClip, int)} computes from whole clips; a last, incomplete
 * window is left out. Thread-safe.
 */
public final class EnvelopeMeter implements AudioSink {
  static final int WINDOW_MS = 10;
  private static final int BLOCK = 4_096;

  private final int sampleRate;
  private final int window;
  private final List<double[]> blocks = new ArrayList<>();
  private int windows;
  private double sum;
  private int inWindow;

  /** A meter for audio at {@code sampleRate} samples per second. */
  public EnvelopeMeter(int sampleRate) {
    if (sampleRate < 100) {
      throw new IllegalArgumentException("sample rate too low: " + sampleRate);
    }
    this.sampleRate = sampleRate;
    this.window = sampleRate * WINDOW_MS / 1000;
  }

  /** A meter for the engine's 48 kHz frames. */
  public static EnvelopeMeter at48k() {
    return new EnvelopeMeter(PcmFormat.SAMPLE_RATE);
  }

  public int sampleRate() {
    return sampleRate;
  }

  /** Measures a played or heard 20 ms frame. */
  @Override
  public void write(short[] frame) {
    accept(frame, 0, frame.length);
  }

  /** Measures {@code length} samples of {@code samples} from {@code offset}. */
  public synchronized void accept(short[] samples, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      sum += (double) samples[i] * samples[i];
      if (++inWindow == window) {
        add(Math.log10(1 + Math.sqrt(sum / window)));
        sum = 0;
        inWindow = 0;
      }
    }
  }

  /** Complete windows measured so far. */
  public synchronized int windows() {
    return windows;
  }

  /** The envelope so far: one value per complete 10 ms window. */
  public synchronized double[] envelope() {
    double[] out = new double[windows];
    for (int b = 0; b * BLOCK < windows; b++) {
      System.arraycopy(blocks.get(b), 0, out, b * BLOCK, Math.min(BLOCK, windows - b * BLOCK));
    }
    return out;
  }

  private void add(double value) {
    if (windows % BLOCK == 0) {
      blocks.add(new double[BLOCK]);
    }
    blocks.get(windows / BLOCK)[windows % BLOCK] = value;
    windows++;
  }
}
