package io.peervoice.media.codec;

/** Encodes 20 ms frames of 48 kHz mono PCM. Not thread-safe; closing twice is harmless. */
public interface AudioEncoder extends AutoCloseable {

  /**
   * Encodes one frame of exactly {@link io.peervoice.media.audio.PcmFormat#FRAME_SAMPLES} samples.
   *
   * @return the encoded packet
   * @throws CodecException if the codec rejects the frame or is closed
   */
  byte[] encode(short[] frame);

  @Override
  void close();
}
