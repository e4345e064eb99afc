package io.peervoice.natives;

import io.netty.buffer.ByteBuf;

/**
 * Collects a stream's bytes and cuts them into frames with a {@link StreamFraming}. One per
 * connection, used on its loop thread only. Holds at most {@link #MAX_BUFFERED} bytes: a frame that
 * does not fit is corrupt.
 */
final class FrameAccumulator {
  /** The most bytes waiting for the end of a frame. */
  static final int MAX_BUFFERED = 1 << 17;

  /** Gets each complete frame. */
  interface Sink {
    void frame(byte[] data, int offset, int length);
  }

  private final StreamFraming framing;
  private byte[] buf = new byte[4096];
  private int start;
  private int end;

  FrameAccumulator(StreamFraming framing) {
    this.framing = framing;
  }

  /**
   * Appends {@code in}'s readable bytes and hands every complete frame to {@code sink}.
   *
   * @return false if the stream is corrupt (framing said so, or too many bytes without a frame)
   */
  boolean feed(ByteBuf in, Sink sink) {
    while (in.isReadable()) {
      if (!makeRoom()) {
        return false;
      }
      int n = Math.min(in.readableBytes(), buf.length - end);
      in.readBytes(buf, end, n);
      end += n;
      if (!drain(sink)) {
        return false;
      }
    }
    return true;
  }

  /** Bytes held of a frame not yet complete. */
  int pending() {
    return end - start;
  }

  private boolean drain(Sink sink) {
    while (end > start) {
      int available = end - start;
      int length = framing.frameLength(buf, start, available);
      if (length < 0 || length > available) {
        return false;
      }
      if (length == 0) {
        return true;
      }
      int at = start;
      start += length;
      sink.frame(buf, at, length);
    }
    start = 0;
    end = 0;
    return true;
  }

  private boolean makeRoom() {
    if (end < buf.length) {
      return true;
    }
    int pending = end - start;
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, pending);
      start = 0;
      end = pending;
      return true;
    }
    if (buf.length >= MAX_BUFFERED) {
      return false;
    }
    byte[] bigger = new byte[Math.min(MAX_BUFFERED, buf.length * 2)];
    System.arraycopy(buf, 0, bigger, 0, pending);
    buf = bigger;
    return true;
  }
}
