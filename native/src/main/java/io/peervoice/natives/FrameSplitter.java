package io.peervoice.natives;

import java.util.Arrays;

/**
 * Cuts one connection's received bytes into whole frames with a {@link StreamFraming}, keeping at
 * most {@code maxBuffered} bytes of an incomplete frame. No I/O, not thread-safe: one per
 * connection, used on its loop.
 */
final class FrameSplitter {
  /** Receives each whole frame; {@code buf} is reused after return. */
  @FunctionalInterface
  interface Sink {
    void frame(byte[] buf, int offset, int length);
  }

  /** What {@link #feed} found. */
  enum Result {
    OK,
    /** the framing called the stream corrupt */
    CORRUPT,
    /** an incomplete frame needs more than the buffer limit */
    OVERFLOW
  }

  private final StreamFraming framing;
  private final int maxBuffered;
  private byte[] buf;
  private int length;

  FrameSplitter(StreamFraming framing, int maxBuffered) {
    this.framing = framing;
    this.maxBuffered = maxBuffered;
    this.buf = new byte[Math.min(maxBuffered, 512)];
  }

  /** Appends {@code data[offset, offset + count)} and hands every whole frame to {@code sink}. */
  Result feed(byte[] data, int offset, int count, Sink sink) {
    int at = offset;
    int end = offset + count;
    while (at < end) {
      int take = Math.min(end - at, maxBuffered - length);
      if (take == 0) {
        return Result.OVERFLOW;
      }
      if (length + take > buf.length) {
        buf = Arrays.copyOf(buf, Math.min(maxBuffered, Math.max(length + take, buf.length * 2)));
      }
      System.arraycopy(data, at, buf, length, take);
      length += take;
      at += take;
      Result r = drain(sink);
      if (r != Result.OK) {
        return r;
      }
    }
    return Result.OK;
  }

  private Result drain(Sink sink) {
    int start = 0;
    while (start < length) {
      int frame = framing.frameLength(buf, start, length - start);
      if (frame < 0 || frame > length - start) {
        return Result.CORRUPT;
      }
      if (frame == 0) {
        break;
      }
      sink.frame(buf, start, frame);
      start += frame;
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, length - start);
      length -= start;
    }
    if (length == maxBuffered && framing.frameLength(buf, 0, length) == 0) {
      return Result.OVERFLOW;
    }
    return Result.OK;
  }

  /** Bytes of an incomplete frame held now. */
  int buffered() {
    return length;
  }
}
