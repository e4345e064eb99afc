package io.peervoice.natives;

/**
 * Splits a received byte stream into frames. Implementations are pure functions of the bytes (no
 * state between calls), so one instance may serve many connections.
 */
@FunctionalInterface
public interface StreamFraming {
  /**
   * Length of the first complete frame in {@code buf[offset, offset + available)}.
   *
   * @return more than 0 (and at most {@code available}) when a whole frame is there, 0 if more
   *     bytes are needed, -1 if the stream is corrupt (the connection is then closed). Frames
   *     delivered include any prefix.
   */
  int frameLength(byte[] buf, int offset, int available);

  /**
   * <a href="https://www.rfc-editor.org/rfc/rfc4571#section-2">RFC 4571 §2</a> framing: a 16-bit
   * big-endian length, then that many bytes; frames whose payload is over {@code maxPayload} are
   * corrupt.
   *
   * @throws IllegalArgumentException unless {@code 0 < maxPayload <= 65535}
   */
  static StreamFraming lengthPrefixed16(int maxPayload) {
    if (maxPayload <= 0 || maxPayload > 0xFFFF) {
      throw new IllegalArgumentException("maxPayload must be in 1..65535: " + maxPayload);
    }
    return (buf, offset, available) -> {
      if (available < 2) {
        return 0;
      }
      int payload = ((buf[offset] & 0xFF) << 8) | (buf[offset + 1] & 0xFF);
      if (payload > maxPayload) {
        return -1;
      }
      return available >= 2 + payload ? 2 + payload : 0;
    };
  }
}
