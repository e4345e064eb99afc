package io.peervoice.media.codec;

/** Decodes packets into 20 ms frames of 48 kHz mono PCM. Not thread-safe. */
public interface AudioDecoder extends AutoCloseable {

  /**
   * Decodes one packet into a frame.
   *
   * @throws CodecException if the packet is corrupt or the decoder is closed
   */
  short[] decode(byte[] packet);

  /** Produces a concealment frame for a packet that never arrived (packet loss concealment). */
  short[] conceal();

  @Override
  void close();
}
