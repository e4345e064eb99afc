package io.peervoice.media.srtp.internal;

import org.jitsi.utils.ByteArrayBuffer;

/** A growable byte region that jitsi-srtp transforms in place. */
final class PacketBuffer implements ByteArrayBuffer {
  private static final int TAIL_ROOM = 32;

  private byte[] buffer;
  private int offset;
  private int length;

  PacketBuffer(byte[] source, int offset, int length) {
    this.buffer = new byte[length + TAIL_ROOM];
    System.arraycopy(source, offset, buffer, 0, length);
    this.length = length;
  }

  byte[] toArray() {
    byte[] out = new byte[length];
    System.arraycopy(buffer, offset, out, 0, length);
    return out;
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
