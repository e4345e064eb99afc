package io.peervoice.media.codec;

/** Decodes packets into 20 ms frames of 48 kHz mono PCM. Not thread-safe. */
public interface AudioDecoder extends AutoCloseable {

  /**
   * Decodes one packet into a frame.
   *
   * @throws CodecException if the packet is corrupt or the decoder is closed
   */
  short[] decode(byte[] packet);

  /**
   * Decodes one packet into {@code frame}, an array of one 20 ms frame the caller owns and may
   * reuse for every packet (the receive path allocates nothing per frame so). The samples are those
   * {@link #decode(byte[])} would return.
   *
   * @throws CodecException if the packet is corrupt or the decoder is closed
   */
  default void decodeInto(byte[] packet, short[] frame) {
    short[] decoded = decode(packet);
    System.arraycopy(decoded, 0, frame, 0, Math.min(decoded.length, frame.length));
  }

  /**
   * Recovers the frame before {@code nextPacket} from the forward error correction data the encoder
   * put into it (Opus in-band FEC, RFC 6716 §2.1.7); without such data this conceals.
   *
   * @throws CodecException if the packet is corrupt or the decoder is closed
   */
  short[] decodeFec(byte[] nextPacket);

  /** Produces a concealment frame for a packet that never arrived (packet loss concealment). */
  short[] conceal();

  @Override
  void close();
}
