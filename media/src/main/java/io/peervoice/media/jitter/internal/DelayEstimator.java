package io.peervoice.media.jitter.internal;

/**
 * Estimates how much buffering keeps a given share of packets on time. Each packet's relative delay
 * is its arrival time minus its media time, measured against the fastest packet of a recent window
 * (so slow network trends and clock drift are followed, not buffered for). Relative delays go into
 * a histogram whose old samples fade by a forget factor per packet; the target is a quantile of it.
 * A packet that arrives right behind the previous one (a burst after a stall) carries little
 * weight: a stall counts once, by its first packet, so a single spike does not hold the delay up.
 */
public final class DelayEstimator {
  private static final int BIN_MS = 1;
  private static final int BINS = 2_000;
  private static final double RESCALE_AT = 1e200;
  private static final double MAX_JUMP_MILLIS = 10_000;

  private final double quantile;
  private final double forgetFactor;
  private final double windowMillis;
  private final double frameMillis;
  private final double[] histogram = new double[BINS];
  private final FastestWindow window = new FastestWindow();
  private double weight = 1;
  private double total;
  private double lastArrival = Double.NaN;
  private long samples;

  /** {@link #quantileMillis()} since the last packet, or NaN: asked a few times per frame. */
  private double quantileCache = Double.NaN;

  public DelayEstimator(
      double quantile, double forgetFactor, double windowMillis, double frameMillis) {
    this.quantile = quantile;
    this.forgetFactor = forgetFactor;
    this.windowMillis = windowMillis;
    this.frameMillis = frameMillis;
  }

  /** Records a packet with media time {@code mediaMillis} that arrived at {@code arrivalMillis}. */
  public void onPacket(double mediaMillis, double arrivalMillis) {
    double delay = arrivalMillis - mediaMillis;
    if (!window.isEmpty() && Math.abs(delay - window.firstDelay()) > MAX_JUMP_MILLIS) {
      window.clear();
    }
    window.add(arrivalMillis, delay, arrivalMillis - windowMillis);
    double relative = delay - window.firstDelay();
    double gap = Double.isNaN(lastArrival) ? frameMillis : arrivalMillis - lastArrival;
    lastArrival = Math.max(Double.isNaN(lastArrival) ? arrivalMillis : lastArrival, arrivalMillis);
    double sampleWeight = Math.min(1, Math.max(0.05, gap / frameMillis));
    weight /= forgetFactor;
    if (weight > RESCALE_AT) {
      for (int i = 0; i < BINS; i++) {
        histogram[i] /= weight;
      }
      total /= weight;
      weight = 1;
    }
    int bin = (int) Math.min(BINS - 1, Math.max(0, relative / BIN_MS));
    histogram[bin] += weight * sampleWeight;
    total += weight * sampleWeight;
    samples++;
    quantileCache = Double.NaN;
  }

  /**
   * The relative delay in ms that {@code quantile} of the (weighted, recent) packets stay within.
   */
  public double quantileMillis() {
    if (Double.isNaN(quantileCache)) {
      quantileCache = scanQuantile();
    }
    return quantileCache;
  }

  private double scanQuantile() {
    if (total == 0) {
      return 0;
    }
    double limit = quantile * total;
    double sum = 0;
    for (int i = 0; i < BINS; i++) {
      sum += histogram[i];
      if (sum >= limit) {
        return i * BIN_MS;
      }
    }
    return BINS * BIN_MS;
  }

  /**
   * The smallest arrival − media time of the recent window: the delay of the fastest path, against
   * which playout delay is measured. NaN before any packet.
   */
  public double fastestDelayMillis() {
    return window.isEmpty() ? Double.NaN : window.firstDelay();
  }

  public long samples() {
    return samples;
  }

  /** Forgets the fastest-packet window (a new stream), keeping what was learnt of the network. */
  public void restartStream() {
    window.clear();
    lastArrival = Double.NaN;
  }
}
