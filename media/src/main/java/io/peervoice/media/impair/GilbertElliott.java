package io.peervoice.media.impair;

import java.util.Random;

/**
 * Bursty loss as a two-state Markov chain (Gilbert–Elliott): every packet in the bad state is lost,
 * none in the good state. With mean burst length {@code b} and average loss {@code L}, the chance
 * of leaving the bad state is {@code r = 1/b} and of entering it {@code p = L·r/(1−L)}, so that the
 * stationary loss {@code p/(p+r)} equals {@code L}. With {@code b = 1}, {@code r = 1} and each
 * packet is lost independently with probability {@code p/(1+p) = L}.
 */
public final class GilbertElliott {
  private final double enterBad;
  private final double leaveBad;
  private boolean bad;

  public GilbertElliott(double lossFraction, double meanBurst) {
    if (lossFraction < 0 || lossFraction > 1 || meanBurst < 1) {
      throw new IllegalArgumentException("need 0 <= loss <= 1 and burst >= 1");
    }
    this.leaveBad = 1 / meanBurst;
    this.enterBad = lossFraction >= 1 ? 1 : lossFraction * leaveBad / (1 - lossFraction);
  }

  /** Advances one packet; true if it is lost. */
  public boolean lose(Random random) {
    bad = bad ? random.nextDouble() >= leaveBad : random.nextDouble() < enterBad;
    return bad;
  }
}
