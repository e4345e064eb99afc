package io.peervoice.natives;

/**
 * Splits a received byte stream into frames (shared API of session S4: the client side of stream
 * connections is {@code StreamConnection}, the server side {@link StreamServer}).
 */
@FunctionalInterface
public interface StreamFraming {
  /**
   * Length of the first complete frame in {@code buf[offset, offset + available)}: above 0 when
   * complete, 0 if more bytes are needed, -1 if the stream is corrupt (the connection is then
   * closed). Frames delivered include any prefix.
   */
  int frameLength(byte[] buf, int offset, int available);

  /**
   * <a href="https://www.rfc-editor.org/rfc/rfc4571#section-2">RFC 4571, section 2</a>: a 16-bit
   * big-endian length, then that many bytes; a frame whose payload is over {@code maxPayload} (or
   * empty) is corrupt.
   */
  static StreamFraming lengthPrefixed16(int maxPayload) {
    if (maxPayload < 1 || maxPayload > 0xFFFF) {
      throw new IllegalArgumentException("maxPayload must be 1..65535: " + maxPayload);
    }
    return (buf, offset, available) -> {
      if (available < 2) {
        return 0;
      }
      int length = ((buf[offset] & 0xFF) << 8) | (buf[offset + 1] & 0xFF);
      if (length == 0 || length > maxPayload) {
        return -1;
      }
      return available >= 2 + length ? 2 + length : 0;
    };
  }
}
