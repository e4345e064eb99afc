package io.peervoice.media.rtcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * The RTCP side of one audio stream pair (RFC 3550 §6): counts what we send, keeps reception
 * statistics of what we receive, writes an SR (or RR before we have sent anything) with one report
 * block plus an SDES CNAME, and reads the peer's reports for round-trip time and the loss it sees.
 * Pure logic: times in (a monotonic clock for intervals, a wall clock for NTP), bytes out. Not
 * thread-safe.
 */
public final class RtcpSession {
  private final int localSsrc;
  private final String cname;
  private final int clockRate;
  private final LongSupplier wallClockMillis;
  private final ReceptionStatistics reception;
  private int remoteSsrc;
  private boolean remoteSsrcKnown; // not boxed: set by every packet received
  private long packetsSent;
  private long octetsSent;
  private long lastRtpTimestamp;
  private double lastRtpSentMillis = Double.NaN;
  private long lastSrMiddle;
  private double lastSrArrivalMillis;
  private ReportBlock lastRemoteBlock;
  private double roundTripMillis = -1;
  private long reportsSent;
  private long reportsReceived;
  private int firstSequenceSent = -1;

  /** A report about our own stream, as the peer sent it, with the round-trip time it gave. */
  public record RemoteReport(ReportBlock block, OptionalDouble roundTripMillis) {}

  /**
   * @param wallClockMillis Unix time in milliseconds, for NTP timestamps
   */
  public RtcpSession(int localSsrc, String cname, int clockRate, LongSupplier wallClockMillis) {
    this.localSsrc = localSsrc;
    this.cname = Objects.requireNonNull(cname);
    this.clockRate = clockRate;
    this.wallClockMillis = Objects.requireNonNull(wallClockMillis);
    this.reception = new ReceptionStatistics(clockRate);
  }

  /**
   * An audio packet we sent, with its sequence number, so that the peer's reports can be read as a
   * count of what it received ({@link RtcpStats#remotePacketsReceived()}).
   */
  public void onRtpSent(int sequenceNumber, long rtpTimestamp, int payloadBytes, double nowMillis) {
    noteSequence(sequenceNumber);
    onRtpSent(rtpTimestamp, payloadBytes, nowMillis);
  }

  /** A telephone-event packet we sent, with its sequence number ({@link #onNonAudioSent(int)}). */
  public void onNonAudioSent(int sequenceNumber, int payloadBytes) {
    noteSequence(sequenceNumber);
    onNonAudioSent(payloadBytes);
  }

  private void noteSequence(int sequenceNumber) {
    if (firstSequenceSent < 0) {
      firstSequenceSent = sequenceNumber & 0xFFFF;
    }
  }

  public void onRtpSent(long rtpTimestamp, int payloadBytes, double nowMillis) {
    packetsSent++;
    octetsSent += payloadBytes;
    lastRtpTimestamp = rtpTimestamp;
    lastRtpSentMillis = nowMillis;
  }

  /**
   * A packet we sent that carries no audio (a telephone event): counted in the sender report, but
   * its timestamp (the event's start) does not anchor the report's RTP time.
   */
  public void onNonAudioSent(int payloadBytes) {
    packetsSent++;
    octetsSent += payloadBytes;
  }

  public void onRtpReceived(int ssrc, int sequenceNumber, long rtpTimestamp, double arrivalMillis) {
    remoteSsrc = ssrc;
    remoteSsrcKnown = true;
    reception.onPacket(sequenceNumber, rtpTimestamp, arrivalMillis);
  }

  /**
   * A received packet of the stream that carries no audio (an RFC 4733 telephone event): counted as
   * received, so the report shows no loss for it, without feeding the jitter estimate.
   */
  public void onNonAudioReceived(int ssrc, int sequenceNumber) {
    remoteSsrc = ssrc;
    remoteSsrcKnown = true;
    reception.onPacketWithoutTiming(sequenceNumber);
  }

  /** The compound packet to send now: SR or RR, then SDES. */
  public byte[] buildReport(double nowMillis) {
    List<ReportBlock> blocks = new ArrayList<>(1);
    if (remoteSsrcKnown) {
      double sinceSr = lastSrMiddle == 0 ? 0 : nowMillis - lastSrArrivalMillis;
      blocks.add(reception.report(remoteSsrc, lastSrMiddle, sinceSr));
    }
    RtcpPacket report;
    if (packetsSent > 0) {
      long rtpNow =
          (lastRtpTimestamp + Math.round((nowMillis - lastRtpSentMillis) * clockRate / 1000.0))
              & 0xFFFF_FFFFL;
      report =
          new RtcpPacket.SenderReport(
              localSsrc,
              NtpTime.fromUnixMillis(wallClockMillis.getAsLong()),
              rtpNow,
              packetsSent & 0xFFFF_FFFFL,
              octetsSent & 0xFFFF_FFFFL,
              blocks);
    } else {
      report = new RtcpPacket.ReceiverReport(localSsrc, blocks);
    }
    reportsSent++;
    return RtcpCodec.serialize(List.of(report, new RtcpPacket.SourceDescription(localSsrc, cname)));
  }

  /** Reads the peer's compound packet; returns its report on our stream, if it carried one. */
  public Optional<RemoteReport> onRtcp(List<RtcpPacket> packets, double nowMillis) {
    reportsReceived++;
    // every report packet of the compound is read: a sender may put its SR (of its own stream) and
    // an RR (of what it receives) in one compound, in either order, and Chromium sends its blocks
    // in a lone RR with no SDES (its send stream's SR carries none)
    List<ReportBlock> blocks = new ArrayList<>(2);
    for (RtcpPacket packet : packets) {
      if (packet instanceof RtcpPacket.SenderReport sr) {
        lastSrMiddle = sr.ntpMiddle();
        lastSrArrivalMillis = nowMillis;
        blocks.addAll(sr.reports());
      } else if (packet instanceof RtcpPacket.ReceiverReport rr) {
        blocks.addAll(rr.reports());
      }
    }
    for (ReportBlock block : blocks) {
      if (block.ssrc() == localSsrc) {
        lastRemoteBlock = block;
        double rtt =
            block.roundTripMillis(
                NtpTime.middle(NtpTime.fromUnixMillis(wallClockMillis.getAsLong())));
        if (rtt >= 0) {
          roundTripMillis = rtt;
        }
        return Optional.of(
            new RemoteReport(block, rtt >= 0 ? OptionalDouble.of(rtt) : OptionalDouble.empty()));
      }
    }
    return Optional.empty();
  }

  public RtcpStats stats() {
    return new RtcpStats(
        reception.packetsReceived(),
        reception.packetsLost(),
        reception.jitterSeconds(),
        lastRemoteBlock == null ? 0 : lastRemoteBlock.fractionLost() / 256.0,
        lastRemoteBlock == null ? 0 : lastRemoteBlock.cumulativeLost(),
        lastRemoteBlock == null ? 0 : lastRemoteBlock.jitter() / (double) clockRate,
        roundTripMillis < 0 ? OptionalDouble.empty() : OptionalDouble.of(roundTripMillis / 1000),
        reportsSent,
        reportsReceived,
        remotePacketsReceived());
  }

  /**
   * What the peer's last report says it received of ours: its extended highest sequence number
   * counted from our first packet, less its cumulative loss (RFC 3550 §6.4.1); -1 before a report
   * on our stream. A peer only reports on a source it has heard (§6.4.2), so a report means at
   * least one packet arrived. Packets lost before the peer's first one are counted as received.
   */
  private long remotePacketsReceived() {
    if (lastRemoteBlock == null) {
      return -1;
    }
    if (firstSequenceSent < 0) {
      return Math.max(1, lastRemoteBlock.extendedHighestSequence() & 0xFFFF);
    }
    long expected = lastRemoteBlock.extendedHighestSequence() - firstSequenceSent + 1;
    if (expected <= 0) {
      expected += 1 << 16;
    }
    return Math.max(1, expected - lastRemoteBlock.cumulativeLost());
  }

  /** Whether a datagram on a muxed RTP/RTCP path is RTCP (RFC 5761 §4: second byte 192–223). */
  public static boolean isRtcp(byte[] data, int offset, int length) {
    if (length < 2) {
      return false;
    }
    int type = data[offset + 1] & 0xFF;
    return type >= 192 && type <= 223;
  }
}
