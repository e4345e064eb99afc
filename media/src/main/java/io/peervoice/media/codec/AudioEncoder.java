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

  /**
   * Encodes one frame into {@code out} at {@code offset}, as {@link #encode(short[])} does, without
   * a new array per frame where the encoder can (the send path's steady state allocates nothing).
   * By default it copies what {@link #encode(short[])} returns.
   *
   * @return the encoded packet's length
   * @throws CodecException if the codec rejects the frame or is closed
   * @throws IndexOutOfBoundsException if the packet does not fit in {@code out} from {@code offset}
   */
  default int encode(short[] frame, byte[] out, int offset) {
    byte[] packet = encode(frame);
    System.arraycopy(packet, 0, out, offset, packet.length);
    return packet.length;
  }

  /**
   * Applies new settings from the next frame on (bitrate, FEC, expected loss, DTX), as a
   * loss-driven controller does during a call.
   *
   * @throws CodecException if the codec refuses a setting or is closed
   */
  void update(OpusSettings settings);

  /**
   * The complexity the encoder uses now, 0..10 (load-adaptive encoders may run below the configured
   * one: {@link LoadAdaptiveEncoder}); -1 when the encoder does not say.
   */
  default int complexity() {
    return -1;
  }

  /**
   * Whether an encoded packet carries nothing worth sending: a DTX frame in silence (RFC 6716
   * §2.1.9; libopus returns 1–2 bytes for it).
   */
  static boolean isDtxFrame(byte[] packet) {
    return isDtxFrame(packet.length);
  }

  /** {@link #isDtxFrame(byte[])} for an encoded packet of {@code length} bytes. */
  static boolean isDtxFrame(int length) {
    return length <= 2;
  }

  @Override
  void close();
}
