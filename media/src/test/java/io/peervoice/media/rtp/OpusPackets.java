package io.peervoice.media.rtp;

/** Serialized RTP packets for tests: Opus (payload type 111), 20 ms apart at 48 kHz. */
public final class OpusPackets {
  private OpusPackets() {}

  /**
   * Packet {@code seq} of {@code ssrc}, its timestamp {@code 960 * seq}, carrying {@code payload}.
   */
  public static byte[] packet(int seq, int ssrc, byte[] payload) {
    return RtpCodec.serialize(
        RtpPacket.builder()
            .payloadType(111)
            .sequenceNumber(seq)
            .timestamp(960L * seq)
            .ssrc(ssrc)
            .payload(payload)
            .build());
  }
}
