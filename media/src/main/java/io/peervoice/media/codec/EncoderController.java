package io.peervoice.media.codec;

/**
 * Adapts the Opus encoder to the loss and round-trip time the receiver reports in RTCP (RFC 3550
 * §6.4.2 fraction lost): in-band FEC on and the expected-loss setting following smoothed loss, the
 * bitrate cut multiplicatively under heavy loss and raised additively when the path is clean,
 * always within the configured range. Pure logic: feed it reports, apply the settings it returns.
 */
public final class EncoderController {
  private static final double SMOOTHING = 0.3;
  private static final double HEAVY_LOSS = 0.10;
  private static final double CLEAN = 0.02;
  private static final double CUT = 0.85;
  private static final int STEP = 2_000;

  private final int minBitrate;
  private final int maxBitrate;
  private OpusSettings settings;
  private double smoothedLoss;
  private EncoderCap cap; // S8: the receiver's wishes (SDP fmtp), or null

  /**
   * @param initial the settings the encoder starts with
   * @param minBitrate lowest bitrate to go to, b/s
   * @param maxBitrate highest bitrate to go to, b/s
   */
  public EncoderController(OpusSettings initial, int minBitrate, int maxBitrate) {
    if (minBitrate < 6_000 || maxBitrate > 510_000 || minBitrate > maxBitrate) {
      throw new IllegalArgumentException("need 6000 <= min <= max <= 510000 b/s");
    }
    this.minBitrate = minBitrate;
    this.maxBitrate = maxBitrate;
    this.settings =
        initial.withBitrate(Math.max(minBitrate, Math.min(maxBitrate, initial.bitrate())));
  }

  /**
   * Takes one receiver report.
   *
   * @param fractionLost the RTCP fraction lost, 0..255 (lost/expected × 256)
   * @return the settings to apply now
   */
  public OpusSettings onReceiverReport(int fractionLost) {
    double loss = Math.max(0, Math.min(255, fractionLost)) / 256.0;
    smoothedLoss = SMOOTHING * loss + (1 - SMOOTHING) * smoothedLoss;
    int expected = (int) Math.min(30, Math.round(smoothedLoss * 100));
    int bitrate = settings.bitrate();
    if (smoothedLoss > HEAVY_LOSS) {
      bitrate = (int) (bitrate * CUT);
    } else if (smoothedLoss < CLEAN) {
      bitrate += STEP;
    }
    bitrate = Math.max(minBitrate, Math.min(maxBitrate, bitrate));
    settings =
        settings
            .withBitrate(bitrate)
            .withLoss(smoothedLoss > 0.005 || settings.inbandFec(), expected);
    if (cap != null) {
      settings = cap.apply(settings);
    }
    return settings;
  }

  /**
   * S8: holds every later setting within {@code cap} (the receiver's SDP wishes; the ceiling wins
   * over the configured minimum), from now on.
   *
   * @return the settings to apply now
   */
  public OpusSettings cap(EncoderCap cap) {
    this.cap = java.util.Objects.requireNonNull(cap, "cap");
    settings = cap.apply(settings);
    return settings;
  }

  public OpusSettings settings() {
    return settings;
  }
}
