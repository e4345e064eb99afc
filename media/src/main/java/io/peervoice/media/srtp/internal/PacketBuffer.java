package io.peervoice.media.srtp.internal;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A growable byte region that jitsi-srtp transforms in place: a caller's own array, wrapped without
 * a copy ({@link #wrap}), so that one region serves every packet.
 */
final class PacketBuffer implements ByteArrayBuffer {
  private byte[] buffer;
  private int offset;
  private int length;

  /** An empty region, for {@link #wrap}. */
  PacketBuffer() {
    this.buffer = new byte[0];
  }

  /** Makes this region the {@code length} bytes of {@code array} at {@code offset}, uncopied. */
  void wrap(byte[] array, int offset, int length) {
    this.buffer = array;
    this.offset = offset;
    this.length = length;
  }

  /**
   * Moves the region's bytes back to {@code array} at {@code at} if a transform moved them (it grew
   * the buffer, or shifted the offset); returns the region's length.
   *
   * @throws IllegalArgumentException if they no longer fit there
   */
  int settleInto(byte[] array, int at) {
    if (buffer != array || offset != at) {
      if (length > array.length - at) {
        throw new IllegalArgumentException("no room for the packet's tail");
      }
      System.arraycopy(buffer, offset, array, at, length);
    }
    return length;
  }

  @Override
  public byte[] getBuffer() {
    return buffer;
  }

  @Override
  public int getOffset() {
    return offset;
  }

  @Override
  public int getLength() {
    return length;
  }

  @Override
  public void setLength(int length) {
    this.length = length;
  }

  @Override
  public void setOffset(int offset) {
    this.offset = offset;
  }

  @Override
  public boolean isInvalid() {
    return false;
  }

  @Override
  public void readRegionToBuff(int off, int len, byte[] outBuf) {
    System.arraycopy(buffer, offset + off, outBuf, 0, len);
  }

  @Override
  public void grow(int howMuch) {
    if (howMuch <= 0) {
      return;
    }
    byte[] bigger = new byte[buffer.length + howMuch];
    System.arraycopy(buffer, offset, bigger, 0, length);
    buffer = bigger;
    offset = 0;
  }

  @Override
  public void append(byte[] data, int len) {
    if (offset + length + len > buffer.length) {
      grow(offset + length + len - buffer.length);
    }
    System.arraycopy(data, 0, buffer, offset + length, len);
    length += len;
  }

  @Override
  public void shrink(int len) {
    length = Math.max(0, length - len);
  }
}
