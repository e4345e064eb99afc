package io.peervoice.media.audio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One call's recording, written to a WAV file as the call goes ({@link WavStreamWriter}): either
 * what we hear (mono), or both directions as stereo, left what we send and right what we hear. The
 * two directions come from different ticks of the media clock (our source is read for the encoder,
 * the peer's audio is written out by the playout); each direction waits in a small ring of {@value
 * #MAX_LAG_FRAMES} frames until the other's frame of the same moment arrives. A direction that has
 * fallen that far behind (the peer's audio has not started yet, a direction paused) is taken as
 * silence for those frames; when it comes back, the other direction's waiting frames but the newest
 * go out against silence too, so the two are aligned again within a frame. Memory stays fixed: the
 * two rings and the writer's one-second buffer, whatever the length of the call. Thread-safe: the
 * two directions and {@link #close} may come from different threads.
 */
public final class CallRecording implements Closeable {
  /**
   * How far one direction may run ahead of the other, in 20 ms frames, before the other is padded.
   */
  public static final int MAX_LAG_FRAMES = 5;

  private static final int FRAME = PcmFormat.FRAME_SAMPLES;

  private final WavStreamWriter writer;
  private final short[] sent;
  private final short[] heard;
  private final short[] stereo;
  private int sentFrames;
  private int heardFrames;
  private boolean sentMissing;
  private boolean heardMissing;

  private CallRecording(WavStreamWriter writer) {
    this.writer = writer;
    boolean both = writer.channels() == 2;
    sent = both ? new short[MAX_LAG_FRAMES * FRAME] : null;
    heard = both ? new short[MAX_LAG_FRAMES * FRAME] : null;
    stereo = both ? new short[2 * FRAME] : null;
  }

  /**
   * Creates (or replaces) {@code path} as an empty recording of what we hear, 48 kHz mono.
   *
   * @throws IOException if it cannot be written; the message names the file and the reason
   */
  public static CallRecording heard(Path path) throws IOException {
    return new CallRecording(WavStreamWriter.create(path));
  }

  /**
   * Creates (or replaces) {@code path} as an empty recording of both directions, 48 kHz stereo.
   *
   * @throws IOException if it cannot be written; the message names the file and the reason
   */
  public static CallRecording bothWays(Path path) throws IOException {
    return new CallRecording(
        WavStreamWriter.create(path, PcmFormat.SAMPLE_RATE, 2, Duration.ofSeconds(1)));
  }

  public Path path() {
    return writer.path();
  }

  /** Whether both directions are recorded. */
  public boolean bothWays() {
    return stereo != null;
  }

  /** Audio frames (one sample per channel) in the file so far, flushed or buffered. */
  public long frames() {
    return writer.samples() / writer.channels();
  }

  /** Records a 20 ms frame we sent (ignored when only what we hear is recorded). */
  public synchronized void sent(short[] frame) {
    if (stereo == null) {
      return;
    }
    if (sentMissing) {
      while (heardFrames > 1) {
        writeOldest(false);
      }
      sentMissing = false;
    }
    if (sentFrames == MAX_LAG_FRAMES) {
      writeOldest(true);
    }
    System.arraycopy(frame, 0, sent, sentFrames * FRAME, FRAME);
    sentFrames++;
    pairUp();
  }

  /** Records a 20 ms frame we heard. */
  public synchronized void heard(short[] frame) {
    if (stereo == null) {
      writer.write(frame);
      return;
    }
    if (heardMissing) {
      while (sentFrames > 1) {
        writeOldest(true);
      }
      heardMissing = false;
    }
    if (heardFrames == MAX_LAG_FRAMES) {
      writeOldest(false);
    }
    System.arraycopy(frame, 0, heard, heardFrames * FRAME, FRAME);
    heardFrames++;
    pairUp();
  }

  private void pairUp() {
    while (sentFrames > 0 && heardFrames > 0) {
      interleave(true, true);
      sentFrames = shift(sent, sentFrames);
      heardFrames = shift(heard, heardFrames);
    }
  }

  /** Writes the oldest frame of one direction against silence in the other (which has none). */
  private void writeOldest(boolean ofSent) {
    interleave(ofSent, !ofSent);
    if (ofSent) {
      sentFrames = shift(sent, sentFrames);
      heardMissing = true;
    } else {
      heardFrames = shift(heard, heardFrames);
      sentMissing = true;
    }
  }

  private void interleave(boolean left, boolean right) {
    for (int i = 0; i < FRAME; i++) {
      stereo[2 * i] = left ? sent[i] : 0;
      stereo[2 * i + 1] = right ? heard[i] : 0;
    }
    writer.write(stereo);
  }

  private static int shift(short[] ring, int frames) {
    System.arraycopy(ring, FRAME, ring, 0, (frames - 1) * FRAME);
    return frames - 1;
  }

  /**
   * Writes what is waiting (the direction that ran ahead against silence), flushes and closes the
   * file, which is then complete. Idempotent.
   *
   * @throws IOException if a write failed, now or earlier (the message names the file)
   */
  @Override
  public synchronized void close() throws IOException {
    if (stereo != null) {
      while (sentFrames > 0) {
        writeOldest(true);
      }
      while (heardFrames > 0) {
        writeOldest(false);
      }
    }
    writer.close();
  }
}
