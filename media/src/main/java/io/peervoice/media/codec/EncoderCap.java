package io.peervoice.media.codec;

/**
 * What the receiving end asks of our Opus encoder (its SDP {@code a=fmtp}, RFC 7587 <a
 * href="https://www.rfc-editor.org/rfc/rfc7587#section-6.1">§6.1</a> and <a
 * href="https://www.rfc-editor.org/rfc/rfc7587#section-7.1">§7.1</a>), as a cap over the {@link
 * EncoderController}'s own choices: a bitrate ceiling, whether in-band FEC may be sent at all (the
 * receiver said it can use it), and whether to send with DTX (the receiver prefers it).
 *
 * @param maxBitrate the highest average bitrate to send, b/s (6,000 to 510,000)
 * @param inbandFec whether in-band FEC may be sent ({@code useinbandfec=1}); if not, never
 * @param dtx whether to send with DTX ({@code usedtx=1}); if not, never
 */
public record EncoderCap(int maxBitrate, boolean inbandFec, boolean dtx) {
  public EncoderCap {
    if (maxBitrate < 6_000 || maxBitrate > 510_000) {
      throw new IllegalArgumentException("a bitrate cap must be 6000..510000 b/s: " + maxBitrate);
    }
  }

  /** {@code settings} within this cap. */
  public OpusSettings apply(OpusSettings settings) {
    return settings
        .withBitrate(Math.min(settings.bitrate(), maxBitrate))
        .withLoss(settings.inbandFec() && inbandFec, settings.expectedLossPercent())
        .withDtx(dtx);
  }
}
