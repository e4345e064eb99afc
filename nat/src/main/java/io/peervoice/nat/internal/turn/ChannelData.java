package io.peervoice.nat.internal.turn;

/**
 * TURN ChannelData messages (RFC 8656 <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-12.4">§12.4</a>): a 2-byte channel number
 * (0x4000-0x4FFF), a 2-byte length of the application data, the data, and over TCP/TLS padding to a
 * multiple of 4 (§12.5) that the length does not count.
 */
public final class ChannelData {
  /** The lowest channel number (§12). */
  public static final int MIN_CHANNEL = 0x4000;

  /** The highest channel number (§12). */
  public static final int MAX_CHANNEL = 0x4FFF;

  /** Header bytes before the data. */
  public static final int HEADER = 4;

  private ChannelData() {}

  /** Whether {@code n} is a valid channel number. */
  public static boolean isChannel(int n) {
    return n >= MIN_CHANNEL && n <= MAX_CHANNEL;
  }

  /** Encodes {@code data[offset, offset+length)} on {@code channel}, padded to 4 bytes. */
  public static byte[] encodePadded(int channel, byte[] data, int offset, int length) {
    if (!isChannel(channel)) {
      throw new IllegalArgumentException("not a channel number: " + channel);
    }
    if (length > 0xFFFF) {
      throw new IllegalArgumentException("ChannelData longer than 65535 bytes: " + length);
    }
    byte[] out = new byte[HEADER + ((length + 3) & ~3)];
    out[0] = (byte) (channel >>> 8);
    out[1] = (byte) channel;
    out[2] = (byte) (length >>> 8);
    out[3] = (byte) length;
    System.arraycopy(data, offset, out, HEADER, length);
    return out;
  }

  /** The channel number of the message at {@code offset} (its first two bytes). */
  public static int channel(byte[] frame, int offset) {
    return ((frame[offset] & 0xFF) << 8) | (frame[offset + 1] & 0xFF);
  }

  /**
   * The application data's length of the message at {@code offset} of a {@code frameLength}-byte
   * frame, or -1 if the length field does not fit the frame (header, data, padding below 4).
   */
  public static int dataLength(byte[] frame, int offset, int frameLength) {
    if (frameLength < HEADER) {
      return -1;
    }
    int length = ((frame[offset + 2] & 0xFF) << 8) | (frame[offset + 3] & 0xFF);
    int padding = frameLength - HEADER - length;
    return padding >= 0 && padding < 4 ? length : -1;
  }
}
