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
   * Decodes {@code length} bytes of {@code data} from {@code offset} into {@code frame}, as {@link
   * #decodeInto(byte[], short[])} does for a packet of exactly those bytes: a receive path that
   * keeps packets in buffers of its own allocates nothing per frame so.
   *
   * @throws CodecException if the packet is corrupt or the decoder is closed
   */
  default void decodeInto(byte[] data, int offset, int length, short[] frame) {
    decodeInto(java.util.Arrays.copyOfRange(data, offset, offset + length), frame);
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

  /**
   * Conceals into {@code frame}, an array of one 20 ms frame the caller owns: the samples {@link
   * #conceal()} would return.
   *
   * @throws CodecException if the decoder is closed
   */
  default void concealInto(short[] frame) {
    short[] pcm = conceal();
    System.arraycopy(pcm, 0, frame, 0, Math.min(pcm.length, frame.length));
  }

  @Override
  void close();
}
