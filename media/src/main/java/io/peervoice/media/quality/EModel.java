package io.peervoice.media.quality;

/**
 * A call-quality estimate with the E-model of ITU-T G.107 (06/2015), in its common simplified form:
 * {@code R = (Ro − Is) − Id − Ie,eff + A} with the default {@code Ro − Is = 93.2} and {@code A =
 * 0}.
 *
 * <ul>
 *   <li>Delay impairment from the one-way mouth-to-ear delay {@code Ta} (ms), with echo assumed
 *       well cancelled: {@code Id = 0.024·Ta + 0.11·(Ta − 177.3)·H(Ta − 177.3)} (Cole and
 *       Rosenbluth's fit of G.107's Idd).
 *   <li>Equipment impairment with loss (G.107 §7.5): {@code Ie,eff = Ie + (95 − Ie)·Ppl/(Ppl/BurstR
 *       + Bpl)}, {@code Ppl} the loss left after FEC, in percent.
 *   <li>{@code MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R)}, 1 below R = 0 and 4.5 above 100.
 * </ul>
 */
public final class EModel {
  private static final double RO_MINUS_IS = 93.2;

  private EModel() {}

  /**
   * Codec constants (ITU-T G.113 Appendix I style): {@code ie} the impairment without loss, {@code
   * bpl} the robustness to loss.
   */
  public record Codec(String name, double ie, double bpl) {
    /** G.711 with packet loss concealment (G.113 Appendix I). */
    public static final Codec G711_PLC = new Codec("G.711+PLC", 0, 25.1);

    /**
     * Opus at speech bitrates with its concealment. G.113 gives no Opus values; PeerVoice uses the
     * G.711+PLC constants on the narrowband scale, with the loss measured after FEC.
     */
    public static final Codec OPUS = new Codec("opus", 0, 25.1);
  }

  /** An estimate: the R factor and the mean opinion score. */
  public record Estimate(double r, double mos) {}

  /**
   * @param oneWayDelayMillis mouth-to-ear delay
   * @param lossPercent packets lost after FEC, 0–100
   * @param burstRatio 1 for random loss, larger for bursty loss
   */
  public static Estimate estimate(
      Codec codec, double oneWayDelayMillis, double lossPercent, double burstRatio) {
    if (oneWayDelayMillis < 0 || lossPercent < 0 || lossPercent > 100 || burstRatio < 1) {
      throw new IllegalArgumentException("need delay >= 0, 0 <= loss <= 100, burst ratio >= 1");
    }
    double id =
        0.024 * oneWayDelayMillis
            + (oneWayDelayMillis > 177.3 ? 0.11 * (oneWayDelayMillis - 177.3) : 0);
    double ieEff =
        codec.ie() + (95 - codec.ie()) * lossPercent / (lossPercent / burstRatio + codec.bpl());
    double r = RO_MINUS_IS - id - ieEff;
    return new Estimate(r, mos(r));
  }

  /** G.107 Annex B: MOS from R. */
  public static double mos(double r) {
    if (r <= 0) {
      return 1;
    }
    if (r >= 100) {
      return 4.5;
    }
    return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  }
}
