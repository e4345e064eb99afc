package io.peervoice.media.audio.internal;

import io.peervoice.media.audio.PcmFormat;
import java.util.function.LongSupplier;

/**
 * The state of the fake loopback sound card ({@link LoopbackMixerProvider}), like ALSA's {@code
 * snd-aloop}: what is played into its playback line comes out of its capture line. It runs on its
 * own clock at 48 kHz from the moment a line starts: each elapsed frame takes one sample from the
 * playback queue (silence when the queue is empty: the playback line under-ran) and appends it to
 * the capture queue (dropping the oldest when the capture line's buffer is full: the capture line
 * over-ran). Blocking writes and reads wait for the clock. Mono 16-bit. Thread-safe.
 */
final class LoopbackDevice {
  private final LongSupplier nanoClock;
  private short[] played = new short[0];
  private int playedHead;
  private int playedSize;
  private short[] captured = new short[0];
  private int capturedHead;
  private int capturedSize;
  private boolean playbackOpen;
  private boolean captureOpen;
  private long startNanos = -1;
  private long framesDone;

  LoopbackDevice(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  synchronized void openPlayback(int bufferFrames) {
    played = new short[bufferFrames];
    playedHead = 0;
    playedSize = 0;
    playbackOpen = true;
    startClock();
  }

  synchronized void openCapture(int bufferFrames) {
    captured = new short[bufferFrames];
    capturedHead = 0;
    capturedSize = 0;
    captureOpen = true;
    startClock();
  }

  synchronized void closePlayback() {
    playbackOpen = false;
    playedSize = 0;
    stopClockIfIdle();
    notifyAll();
  }

  synchronized void closeCapture() {
    captureOpen = false;
    capturedSize = 0;
    stopClockIfIdle();
    notifyAll();
  }

  private void stopClockIfIdle() {
    if (!playbackOpen && !captureOpen) {
      startNanos = -1;
    }
  }

  private void startClock() {
    if (startNanos < 0) {
      startNanos = nanoClock.getAsLong();
      framesDone = 0;
    }
  }

  /** Runs the card's clock up to now. */
  private void advance() {
    if (startNanos < 0) {
      return;
    }
    long due = (nanoClock.getAsLong() - startNanos) * PcmFormat.SAMPLE_RATE / 1_000_000_000L;
    long n = due - framesDone;
    framesDone = Math.max(framesDone, due);
    for (long i = 0; i < n; i++) {
      short s = 0;
      if (playedSize > 0) {
        s = played[playedHead];
        playedHead = (playedHead + 1) % played.length;
        playedSize--;
      } else if (i > played.length + captured.length) {
        break; // nothing more to move: the rest is silence nobody keeps
      }
      if (captureOpen && captured.length > 0) {
        if (capturedSize == captured.length) {
          capturedHead = (capturedHead + 1) % captured.length;
          capturedSize--;
        }
        captured[(capturedHead + capturedSize) % captured.length] = s;
        capturedSize++;
      }
    }
    if (n > 0) {
      notifyAll();
    }
  }

  /** Nanoseconds until {@code frames} more frames have passed, at least a millisecond. */
  private static long waitMillis(int frames) {
    return Math.max(1, frames * 1000L / PcmFormat.SAMPLE_RATE);
  }

  /** Samples the playback line could take now. */
  synchronized int playbackFree() {
    advance();
    return played.length - playedSize;
  }

  /** Samples waiting in the capture line. */
  synchronized int captureQueued() {
    advance();
    return capturedSize;
  }

  /**
   * Queues {@code length} samples for playback, waiting while the line's buffer is full.
   *
   * @return samples queued: fewer once the line is closed
   */
  synchronized int play(short[] from, int offset, int length) throws InterruptedException {
    int done = 0;
    while (done < length && playbackOpen) {
      advance();
      int free = played.length - playedSize;
      if (free == 0) {
        wait(waitMillis(length - done));
        continue;
      }
      int n = Math.min(free, length - done);
      for (int i = 0; i < n; i++) {
        played[(playedHead + playedSize) % played.length] = from[offset + done + i];
        playedSize++;
      }
      done += n;
    }
    return done;
  }

  /**
   * Takes {@code length} captured samples, waiting for the clock.
   *
   * @return samples taken: fewer once the line is closed
   */
  synchronized int capture(short[] to, int offset, int length) throws InterruptedException {
    int done = 0;
    while (done < length && captureOpen) {
      advance();
      if (capturedSize == 0) {
        wait(waitMillis(length - done));
        continue;
      }
      int n = Math.min(capturedSize, length - done);
      for (int i = 0; i < n; i++) {
        to[offset + done + i] = captured[capturedHead];
        capturedHead = (capturedHead + 1) % captured.length;
        capturedSize--;
      }
      done += n;
    }
    return done;
  }
}
