package io.peervoice.signaling.internal.wire;

/**
 * Guards the CBOR parser (RFC 8949) against allocations that a few bytes can claim. The parser
 * pre-allocates a string's claimed length (up to 250,000 bytes) when it reads the string, reads map
 * keys while it reads a token, and decodes tagged big numbers (§3.4.3) while it reads a token. So
 * {@link #checkStructure} refuses maps and tags (no PeerVoice message uses either) in a linear pass
 * before parsing, and {@link #fits} lets the reader refuse a string that claims more bytes than
 * follow it, naming the field.
 */
final class CborScan {
  private CborScan() {}

  /** Refuses any map or tag in {@code data}; stops quietly where the data is malformed. */
  static void checkStructure(byte[] data) throws WireException {
    int pos = 0;
    while (pos < data.length) {
      int major = (data[pos] & 0xFF) >>> 5;
      if (major == 5 || major == 6) {
        throw new WireException("CBOR maps and tags are not used");
      }
      int next = afterHead(data, pos);
      if (next < 0) {
        return; // reserved or truncated head: the parser reports it
      }
      long body = stringBody(data, pos);
      if (body > data.length - next) {
        return; // runs past the end: the reader reports it with its field
      }
      pos = next + (int) body;
    }
  }

  /**
   * Whether the byte or text string whose head is at {@code at} fits in {@code data}. One of
   * indefinite length is read chunk by chunk, never pre-allocated.
   */
  static boolean fits(byte[] data, int at) {
    if (at < 0 || at >= data.length) {
      return false;
    }
    int next = afterHead(data, at);
    return next >= 0 && stringBody(data, at) <= data.length - next;
  }

  /** The offset after the head at {@code at}, or -1 if it is reserved or truncated. */
  private static int afterHead(byte[] data, int at) {
    int info = data[at] & 0x1F;
    if (info < 24 || info == 31) {
      return at + 1;
    }
    if (info >= 28) {
      return -1;
    }
    int end = at + 1 + (1 << (info - 24));
    return end <= data.length ? end : -1;
  }

  /** The body length a definite byte or text string head claims (saturated), else 0. */
  private static long stringBody(byte[] data, int at) {
    int major = (data[at] & 0xFF) >>> 5;
    int info = data[at] & 0x1F;
    if ((major != 2 && major != 3) || info == 31) {
      return 0;
    }
    if (info < 24) {
      return info;
    }
    int end = afterHead(data, at);
    long length = 0;
    for (int i = at + 1; i < end; i++) {
      length = length << 8 | (data[i] & 0xFF);
    }
    return length < 0 ? Long.MAX_VALUE : length;
  }
}
