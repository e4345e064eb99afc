package io.peervoice.media.audio;

import java.io.IOException;

/**
 * Converts an input of known length piece by piece with a {@link Resampler}, holding only a window
 * of the filter's span plus one read chunk: its output is sample for sample what {@link
 * Resampler#process(short[])} gives for the whole input at once (both compute each sample in {@link
 * Resampler#outputAt}), whatever the sizes asked for. Not thread-safe.
 */
final class StreamingResampler {

  /** Where the input comes from, in order. */
  interface Input {
    /**
     * Reads up to {@code length} samples into {@code buffer} from {@code offset}.
     *
     * @return how many were read, at least one unless the input has ended; -1 at its end
     */
    int read(short[] buffer, int offset, int length) throws IOException;
  }

  private static final int CHUNK = 2_048;

  private final Resampler resampler;
  private final Input input;
  private final long inputLength;
  private final long outputLength;
  private final short[] window;
  private long origin;
  private int filled;
  private long next;

  /**
   * @param inputLength samples the input has; should it end earlier, the rest counts as silence
   */
  StreamingResampler(Resampler resampler, long inputLength, Input input) {
    this.resampler = resampler;
    this.input = input;
    this.inputLength = inputLength;
    this.outputLength = resampler.outputLengthOf(inputLength);
    this.window = new short[resampler.taps() + CHUNK];
  }

  /** Output samples in all. */
  long outputLength() {
    return outputLength;
  }

  /** Output samples still to come. */
  long remaining() {
    return outputLength - next;
  }

  /**
   * Converts the next output samples into {@code out}.
   *
   * @return how many were written: {@code length}, or fewer at the end of the output
   */
  int read(short[] out, int offset, int length) throws IOException {
    int n = (int) Math.min(length, outputLength - next);
    for (int i = 0; i < n; i++) {
      long first = resampler.firstInput(next);
      long end = Math.min(first + resampler.taps(), inputLength);
      fill(Math.max(0, first), end);
      out[offset + i] = Resampler.saturate(resampler.outputAt(next, window, origin, inputLength));
      next++;
    }
    return n;
  }

  /** Makes the window hold input samples {@code from} (inclusive) to {@code to} (exclusive). */
  private void fill(long from, long to) throws IOException {
    while (origin + filled < to) {
      int drop = (int) Math.min(filled, from - origin);
      if (drop > 0) {
        System.arraycopy(window, drop, window, 0, filled - drop);
        filled -= drop;
        origin += drop;
      }
      int want = (int) Math.min(window.length - filled, inputLength - origin - filled);
      int got = input.read(window, filled, want);
      if (got < 0) {
        java.util.Arrays.fill(window, filled, filled + want, (short) 0);
        got = want;
      }
      filled += got;
    }
  }
}
