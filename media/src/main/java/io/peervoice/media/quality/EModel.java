package io.peervoice.media.quality;

import java.util.Objects;

/**
 * A call-quality estimate with the E-model of ITU-T G.107 (06/2015), narrowband scale, in its
 * common simplified form for VoIP:
 *
 * <pre>
 * R       = (Ro − Is) − Id − Ie,eff + A
 * Ro − Is = 93.2                                         G.107 default values of all inputs
 * A       = 0                                            advantage factor, wired users
 * Id      = 0.024·Ta + 0.11·(Ta − 177.3)·H(Ta − 177.3)   H the unit step, Ta one-way delay in ms
 * Ie,eff  = Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl)      G.107 §7.5, Ppl loss in percent
 * MOS     = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R)    G.107 Annex B; 1 for R &lt; 0, 4.5 above 100
 * </pre>
 *
 * <p>{@code Id} is Cole and Rosenbluth's linear fit ("Voice over IP performance monitoring", ACM
 * SIGCOMM CCR 31(2), 2001) of G.107's delay impairments {@code Idte + Idle + Idd} with default echo
 * settings (echo well cancelled, TELR 65 dB): nearly 0.024 per ms of mouth-to-ear delay up to the
 * knee at 177.3 ms, steeper past it. G.107's own {@code Idd} alone is 0 up to 100 ms.
 *
 * <p>{@code Ppl} is the loss the listener hears: after FEC and jitter-buffer late loss. {@code
 * BurstR} is 1 for random loss and above 1 for bursty loss ({@code 1/(p + r)} for a Gilbert chain).
 */
public final class EModel {
  /** {@code Ro − Is} with G.107's default values for every input but delay and loss. */
  public static final double DEFAULT_RO_MINUS_IS = 93.2;

  private EModel() {}

  /**
   * A codec's constants on the narrowband scale (ITU-T G.113 Appendix I).
   *
   * @param ie equipment impairment without loss, 0–95
   * @param bpl packet-loss robustness, positive: the larger, the better the codec conceals loss
   */
  public record Codec(String name, double ie, double bpl) {
    /** G.711 without packet loss concealment, random loss (G.113 Appendix I: Ie 0, Bpl 4.3). */
    public static final Codec G711 = new Codec("G.711", 0, 4.3);

    /** G.711 with packet loss concealment (G.113 Appendix I: Ie 0, Bpl 25.1). */
    public static final Codec G711_PLC = new Codec("G.711+PLC", 0, 25.1);

    /**
     * Opus at speech bitrates (16–32 kbit/s, wideband or wider) with its concealment: Ie 0, Bpl
     * 25.1. ITU-T gives no Opus values. On the narrowband scale Opus without loss is at least as
     * good as G.711 (Ie 0: R tops out at 93.2 even though wideband speech sounds better), and its
     * concealment at least as robust as G.711's Appendix I PLC, so PeerVoice uses those constants,
     * with the loss counted after Opus FEC.
     */
    public static final Codec OPUS = new Codec("opus", 0, 25.1);

    public Codec {
      Objects.requireNonNull(name, "name");
      if (!(ie >= 0 && ie <= 95) || !(bpl > 0 && bpl < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "codec " + name + ": need 0 <= Ie <= 95 and Bpl > 0, got Ie " + ie + ", Bpl " + bpl);
      }
    }
  }

  /**
   * What the listener gets.
   *
   * @param oneWayDelayMillis mouth-to-ear delay {@code Ta}, at least 0
   * @param lossPercent packets lost after FEC, {@code Ppl}, 0–100
   * @param burstRatio {@code BurstR}, positive: 1 for random loss, larger for bursty loss
   */
  public record Input(
      double oneWayDelayMillis, double lossPercent, double burstRatio, Codec codec) {
    public Input {
      Objects.requireNonNull(codec, "codec");
      if (!(oneWayDelayMillis >= 0 && oneWayDelayMillis < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "one-way delay must be >= 0 ms, got " + oneWayDelayMillis);
      }
      if (!(lossPercent >= 0 && lossPercent <= 100)) {
        throw new IllegalArgumentException("loss must be 0..100 %, got " + lossPercent);
      }
      if (!(burstRatio > 0 && burstRatio < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("burst ratio must be positive, got " + burstRatio);
      }
    }
  }

  /** An estimate: the transmission rating factor R (may be below 0) and the MOS (1–4.5). */
  public record Estimate(double r, double mos) {}

  public static Estimate estimate(Input input) {
    double r =
        DEFAULT_RO_MINUS_IS
            - delayImpairment(input.oneWayDelayMillis())
            - effectiveEquipmentImpairment(input.codec(), input.lossPercent(), input.burstRatio());
    return new Estimate(r, mos(r));
  }

  /** {@link #estimate(Input)} with the input's fields. */
  public static Estimate estimate(
      Codec codec, double oneWayDelayMillis, double lossPercent, double burstRatio) {
    return estimate(new Input(oneWayDelayMillis, lossPercent, burstRatio, codec));
  }

  /** {@code Id = 0.024·Ta + 0.11·(Ta − 177.3)·H(Ta − 177.3)}. */
  public static double delayImpairment(double oneWayDelayMillis) {
    double ta = oneWayDelayMillis;
    return 0.024 * ta + (ta > 177.3 ? 0.11 * (ta - 177.3) : 0);
  }

  /** {@code Ie,eff = Ie + (95 − Ie)·Ppl/(Ppl/BurstR + Bpl)}. */
  public static double effectiveEquipmentImpairment(
      Codec codec, double lossPercent, double burstRatio) {
    double ie = codec.ie();
    return ie + (95 - ie) * lossPercent / (lossPercent / burstRatio + codec.bpl());
  }

  /**
   * G.107 Annex B: MOS from R, clamped to 1–4.5: 1 for {@code R ≤ 0}, 4.5 for {@code R ≥ 100}. The
   * cubic dips just below 1 for {@code 0 < R < 6.5}; the clamp keeps MOS rising with R.
   */
  public static double mos(double r) {
    if (r >= 100) {
      return 4.5;
    }
    return r <= 0 ? 1 : Math.max(1, 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r));
  }
}
