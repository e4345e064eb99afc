package io.peervoice.media.rtcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The RTCP packets PeerVoice reads and writes (RFC 3550 §6.4–§6.6). */
public sealed interface RtcpPacket {

  /** RTCP packet types (RFC 3550 §12.1). */
  int SR = 200;

  int RR = 201;
  int SDES = 202;
  int BYE = 203;

  /**
   * Sender report (§6.4.1).
   *
   * @param ntpTimestamp 64-bit NTP time of sending
   * @param rtpTimestamp the same instant on the RTP clock
   * @param packetCount RTP packets sent
   * @param octetCount RTP payload octets sent
   */
  record SenderReport(
      int ssrc,
      long ntpTimestamp,
      long rtpTimestamp,
      long packetCount,
      long octetCount,
      List<ReportBlock> reports)
      implements RtcpPacket {
    public SenderReport {
      reports = List.copyOf(reports);
      if (reports.size() > 31) {
        throw new IllegalArgumentException("at most 31 report blocks");
      }
    }

    /** The middle 32 bits of the NTP timestamp: what receivers echo as LSR. */
    public long ntpMiddle() {
      return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }
  }

  /** Receiver report (§6.4.2). */
  record ReceiverReport(int ssrc, List<ReportBlock> reports) implements RtcpPacket {
    public ReceiverReport {
      reports = List.copyOf(reports);
      if (reports.size() > 31) {
        throw new IllegalArgumentException("at most 31 report blocks");
      }
    }
  }

  /** Source description with the CNAME item (§6.5.1); other items are skipped when read. */
  record SourceDescription(int ssrc, String cname) implements RtcpPacket {
    public SourceDescription {
      Objects.requireNonNull(cname, "cname");
      if (cname.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
        throw new IllegalArgumentException("CNAME longer than 255 bytes");
      }
    }
  }

  /** Goodbye (§6.6). */
  record Goodbye(List<Integer> ssrcs, Optional<String> reason) implements RtcpPacket {
    public Goodbye {
      ssrcs = List.copyOf(ssrcs);
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A packet type this codec does not interpret, kept as its type and length. */
  record Unknown(int packetType, int length) implements RtcpPacket {}
}
