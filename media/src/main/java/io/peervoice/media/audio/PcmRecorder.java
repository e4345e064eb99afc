package io.peervoice.media.audio;

import java.util.Arrays;

/**
 * An {@link AudioSink} that keeps what it is given, up to a fixed number of seconds; frames past
 * the limit are counted and dropped, so memory stays bounded on a call of any length. Thread-safe.
 */
public final class PcmRecorder implements AudioSink {
  private final short[] buffer;
  private int length;
  private long droppedFrames;

  public PcmRecorder(int maxSeconds) {
    if (maxSeconds <= 0 || maxSeconds > 3600) {
      throw new IllegalArgumentException("recording limit must be 1..3600 s: " + maxSeconds);
    }
    buffer = new short[maxSeconds * PcmFormat.SAMPLE_RATE];
  }

  @Override
  public synchronized void write(short[] frame) {
    if (length + frame.length > buffer.length) {
      droppedFrames++;
      return;
    }
    System.arraycopy(frame, 0, buffer, length, frame.length);
    length += frame.length;
  }

  public synchronized PcmClip clip() {
    return new PcmClip(PcmFormat.SAMPLE_RATE, Arrays.copyOf(buffer, length));
  }

  public synchronized long droppedFrames() {
    return droppedFrames;
  }
}
