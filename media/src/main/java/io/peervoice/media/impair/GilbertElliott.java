package io.peervoice.media.impair;

import java.util.Random;

/**
 * Bursty loss as a two-state Markov chain (Gilbert–Elliott): every packet in the bad state is lost,
 * none in the good state. The state moves once per packet, before the packet's fate is read.
 *
 * <p>From the average loss {@code L} (a fraction) and the mean burst length {@code b} (packets):
 *
 * <ul>
 *   <li>{@code r = P(bad → good) = 1/b}: a burst's length is geometric with mean {@code 1/r = b};
 *   <li>{@code p = P(good → bad) = L·r/(1 − L)}, so that the stationary loss {@code p/(p + r)}
 *       equals {@code L}. The mean gap between bursts is {@code 1/p} packets.
 * </ul>
 *
 * <p>{@code p} is a probability, so a mean burst {@code b} can carry at most {@code b/(b + 1)}
 * loss: {@code b ≥ L/(1 − L)} ({@link #minimumBurst}); 50% loss needs bursts of at least one
 * packet, 90% of at least nine. {@code L = 1} loses every packet.
 *
 * <p>With {@code b = 1} every loss is isolated ({@code r = 1}): a lost packet is always followed by
 * a delivered one. For the loss rates of interest this is close to independent (Bernoulli) loss,
 * whose mean burst is {@code 1/(1 − L)} (1.11 at 10%); {@link #burstRatio()} tells how far from
 * random a setting is in the E-model's terms.
 */
public final class GilbertElliott {
  private final double enterBad;
  private final double leaveBad;
  private boolean bad;

  /**
   * @param lossFraction average loss {@code L}, 0–1
   * @param meanBurst mean burst length in packets, at least 1 and at least {@link #minimumBurst}
   * @throws IllegalArgumentException if the two cannot be met together
   */
  public GilbertElliott(double lossFraction, double meanBurst) {
    if (!(lossFraction >= 0 && lossFraction <= 1)) {
      throw new IllegalArgumentException("loss fraction must be 0..1, got " + lossFraction);
    }
    if (!canCarry(lossFraction, meanBurst)) {
      throw new IllegalArgumentException(
          "mean burst must be at least %s for loss %s, got %s"
              .formatted(minimumBurst(lossFraction), lossFraction, meanBurst));
    }
    if (lossFraction == 1) {
      this.enterBad = 1;
      this.leaveBad = 0;
    } else {
      this.leaveBad = 1 / meanBurst;
      this.enterBad = Math.min(1, lossFraction * leaveBad / (1 - lossFraction));
    }
  }

  /**
   * The shortest mean burst that can carry {@code lossFraction} on average: {@code max(1, L/(1 −
   * L))}; 1 for {@code L = 1}, where every packet is lost whatever the burst.
   */
  public static double minimumBurst(double lossFraction) {
    return lossFraction >= 1 ? 1 : Math.max(1, lossFraction / (1 - lossFraction));
  }

  /**
   * Whether a finite mean burst {@code meanBurst} can carry {@code lossFraction} (0–1) on average,
   * allowing for rounding (0.9/(1 − 0.9) is a little over 9).
   */
  public static boolean canCarry(double lossFraction, double meanBurst) {
    return lossFraction >= 0
        && lossFraction <= 1
        && meanBurst < Double.POSITIVE_INFINITY
        && meanBurst >= minimumBurst(lossFraction) * (1 - 1e-9);
  }

  /** {@code p}, the chance per packet of entering the bad (loss) state. */
  public double enterBadProbability() {
    return enterBad;
  }

  /** {@code r}, the chance per packet of leaving the bad (loss) state. */
  public double leaveBadProbability() {
    return leaveBad;
  }

  /**
   * ITU-T G.107's burst ratio {@code BurstR = 1/(p + r)}: the mean burst over the mean burst of
   * random loss at the same rate. 1 for random loss, above 1 for bursty loss, below 1 for losses
   * more spread out than random (burst 1 gives {@code 1 − L}). 1 when there is no loss.
   */
  public double burstRatio() {
    return enterBad == 0 ? 1 : 1 / (enterBad + leaveBad);
  }

  /** Advances one packet, drawing one number from {@code random}; true if the packet is lost. */
  public boolean lose(Random random) {
    bad = random.nextDouble() < (bad ? 1 - leaveBad : enterBad);
    return bad;
  }
}
