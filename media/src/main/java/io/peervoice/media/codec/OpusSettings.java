package io.peervoice.media.codec;

/**
 * Opus encoder settings (RFC 6716, RFC 7587 <a
 * href="https://www.rfc-editor.org/rfc/rfc7587#section-3.1.1">§3.1.1</a> for bitrates).
 *
 * @param bitrate target bits per second, 6,000 to 510,000
 * @param complexity 0 (fastest) to 10 (best)
 * @param inbandFec whether to add in-band forward error correction (LBRR)
 * @param expectedLossPercent packet loss the encoder plans for, 0 to 100
 * @param dtx discontinuous transmission: in silence the encoder marks frames that need not be sent
 */
public record OpusSettings(
    int bitrate, int complexity, boolean inbandFec, int expectedLossPercent, boolean dtx) {

  public OpusSettings {
    if (bitrate < 6_000 || bitrate > 510_000) {
      throw new IllegalArgumentException("Opus bitrate must be 6000..510000 b/s: " + bitrate);
    }
    if (complexity < 0 || complexity > 10) {
      throw new IllegalArgumentException("Opus complexity must be 0..10: " + complexity);
    }
    if (expectedLossPercent < 0 || expectedLossPercent > 100) {
      throw new IllegalArgumentException("expected loss must be 0..100%: " + expectedLossPercent);
    }
  }

  /** Wideband speech defaults: 32 kb/s, complexity 9, FEC on for 5% loss, no DTX. */
  public static OpusSettings voiceDefaults() {
    return new OpusSettings(32_000, 9, true, 5, false);
  }

  public OpusSettings withBitrate(int bitrate) {
    return new OpusSettings(bitrate, complexity, inbandFec, expectedLossPercent, dtx);
  }

  public OpusSettings withLoss(boolean inbandFec, int expectedLossPercent) {
    return new OpusSettings(bitrate, complexity, inbandFec, expectedLossPercent, dtx);
  }

  public OpusSettings withComplexity(int complexity) {
    return new OpusSettings(bitrate, complexity, inbandFec, expectedLossPercent, dtx);
  }

  public OpusSettings withDtx(boolean dtx) {
    return new OpusSettings(bitrate, complexity, inbandFec, expectedLossPercent, dtx);
  }
}
