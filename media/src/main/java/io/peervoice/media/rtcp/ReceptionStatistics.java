package io.peervoice.media.rtcp;

/**
 * Reception statistics of one RTP source, as RFC 3550 Appendix A computes them: extended highest
 * sequence number with wrap counting (§A.1, without the probation of new sources), expected and
 * lost packets with the fraction lost per report interval (§A.3), and interarrival jitter (§A.8).
 * Packets of the stream that carry no audio (RFC 4733 telephone events share the SSRC and sequence
 * space, RFC 4733 §2.1) count as received through {@link #onPacketWithoutTiming} but do not feed
 * the jitter estimate: every packet of an event carries the event's start timestamp, not its own.
 * Pure logic; not thread-safe.
 */
public final class ReceptionStatistics {
  private static final int SEQ_MOD = 1 << 16;
  private static final int MAX_DROPOUT = 3000;
  private static final int MAX_MISORDER = 100;

  private final int clockRate;
  private boolean started;
  private int maxSeq;
  private long cycles;
  private int baseSeq;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private double transit = Double.NaN;
  private double jitter;

  public ReceptionStatistics(int clockRate) {
    this.clockRate = clockRate;
  }

  /** Records one received packet. */
  public void onPacket(int sequenceNumber, long rtpTimestamp, double arrivalMillis) {
    count(sequenceNumber);
    double arrival = arrivalMillis * clockRate / 1000.0;
    double t = arrival - rtpTimestamp;
    if (!Double.isNaN(transit)) {
      double d = Math.abs(t - transit);
      jitter += (d - jitter) / 16;
    }
    transit = t;
  }

  /**
   * Records one received packet whose timestamp says nothing of its timing (a telephone event): it
   * counts as received, and the jitter estimate is left alone.
   */
  public void onPacketWithoutTiming(int sequenceNumber) {
    count(sequenceNumber);
  }

  private void count(int sequenceNumber) {
    int seq = sequenceNumber & 0xFFFF;
    if (!started) {
      started = true;
      baseSeq = seq;
      maxSeq = seq;
    } else {
      int delta = (seq - maxSeq) & 0xFFFF;
      if (delta < MAX_DROPOUT) {
        if (seq < maxSeq) {
          cycles += SEQ_MOD;
        }
        maxSeq = seq;
      } else if (delta <= SEQ_MOD - MAX_MISORDER) {
        baseSeq = seq;
        maxSeq = seq;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
      }
    }
    received++;
  }

  public long extendedHighestSequence() {
    return cycles + maxSeq;
  }

  public long expected() {
    return started ? extendedHighestSequence() - baseSeq + 1 : 0;
  }

  public long packetsReceived() {
    return received;
  }

  /** Cumulative packets lost; negative when duplicates outnumber losses (§A.3). */
  public long packetsLost() {
    return expected() - received;
  }

  /** Interarrival jitter in seconds. */
  public double jitterSeconds() {
    return jitter / clockRate;
  }

  /**
   * A report block for this source; starts a new interval for the fraction lost.
   *
   * @param lastSr middle 32 bits of the last SR's NTP time from this source, 0 if none
   * @param delaySinceLastSrMillis time since that SR arrived
   */
  public ReportBlock report(int ssrc, long lastSr, double delaySinceLastSrMillis) {
    long expected = expected();
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval == 0 || lostInterval <= 0
            ? 0
            : (int) ((lostInterval << 8) / expectedInterval);
    long lost = Math.max(-0x80_0000, Math.min(0x7F_FFFF, packetsLost()));
    long dlsr = lastSr == 0 ? 0 : (long) (delaySinceLastSrMillis * 65.536);
    return new ReportBlock(
        ssrc,
        Math.min(255, fraction),
        (int) lost,
        extendedHighestSequence() & 0xFFFF_FFFFL,
        (long) jitter & 0xFFFF_FFFFL,
        lastSr,
        dlsr & 0xFFFF_FFFFL);
  }
}
