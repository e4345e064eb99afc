package io.peervoice.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S7 webmedia: the RTCP that Chromium sends on a WebRTC audio call, byte for byte as seen from
 * Chromium 156 in {@code BrowserCallTest}: its send stream's SR carries no report block (followed
 * by an SDES CNAME), and its receive stream's report on our stream comes in a lone RR without an
 * SDES, about 2.5 s after the answer. Our session must read the peer's figures from either shape
 * and from a compound whose report on our stream is not its last report packet.
 */
class ChromiumRtcpTest {
  private static final int OURS = 0xD5189D33; // the SSRC we send from
  private static final int CHROMIUM = 188_470_047;
  private long wall = 1_700_000_000_000L;

  /** Chromium's receive stream: RR, RC=1, length 7, one block on {@code ssrc}. */
  private static byte[] loneReceiverReport(int ssrc, int cumulativeLost, int jitter) {
    ByteBuffer b = ByteBuffer.allocate(32);
    b.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(CHROMIUM);
    b.putInt(ssrc).putInt((3 << 24) | cumulativeLost).putInt(16_874).putInt(jitter);
    b.putInt(0x4798_F451).putInt(62_177);
    return b.array();
  }

  /** Chromium's send stream: SR with RC=0 (no block), then SDES with its 16-character CNAME. */
  private static byte[] senderReportWithoutBlocks() {
    byte[] cname = "FyuBBmy5+ZTVFrOe".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(28 + 28);
    b.put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt(CHROMIUM);
    b.putLong(0xEEB7_0C4B_1234_5678L).putInt(1_417_028_456).putInt(116).putInt(7_438);
    b.put((byte) 0x81).put((byte) 202).putShort((short) 6).putInt(CHROMIUM);
    b.put((byte) 1).put((byte) cname.length).put(cname).put((byte) 0).put((byte) 0);
    return b.array();
  }

  /** A transport-wide congestion control feedback (RTPFB, FMT 15), as Chromium appends it. */
  private static byte[] transportCc() {
    ByteBuffer b = ByteBuffer.allocate(24);
    b.put((byte) (0x80 | 15)).put((byte) 205).putShort((short) 5).putInt(CHROMIUM).putInt(OURS);
    b.putShort((short) 1).putShort((short) 1).putInt(0x0000_0100).putShort((short) 0x2001);
    b.put((byte) 4).put((byte) 0);
    return b.array();
  }

  private static List<RtcpPacket> parse(byte[]... parts) {
    ByteBuffer all =
        ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] p : parts) {
      all.put(p);
    }
    RtcpParseResult r = RtcpCodec.parse(all.array());
    assertThat(r).isInstanceOf(RtcpParseResult.Parsed.class);
    return ((RtcpParseResult.Parsed) r).packets();
  }

  private RtcpSession sending(int packets) {
    RtcpSession session = new RtcpSession(OURS, "peervoice-1", 48_000, () -> wall);
    for (int i = 0; i < packets; i++) {
      session.onRtpSent(16_874 - packets + 1 + i, i * 960L, 80, i * 20.0);
    }
    return session;
  }

  @Test
  void aLoneReceiverReportGivesThePeersFigures() {
    RtcpSession session = sending(120);
    assertThat(session.onRtcp(parse(senderReportWithoutBlocks()), 2_500)).isEmpty();
    assertThat(session.stats().remotePacketsReceived()).isEqualTo(-1);

    assertThat(session.onRtcp(parse(loneReceiverReport(OURS, 2, 480)), 2_600)).isPresent();
    RtcpStats stats = session.stats();
    assertThat(stats.remotePacketsReceived()).isEqualTo(118);
    assertThat(stats.remotePacketsLost()).isEqualTo(2);
    assertThat(stats.remoteJitter()).isEqualTo(0.01);
    assertThat(stats.remoteFractionLost()).isEqualTo(3 / 256.0);
  }

  @Test
  void aReportOnOurStreamBeforeAnotherReportPacketIsRead() {
    RtcpSession session = sending(120);
    byte[] sr = java.util.Arrays.copyOf(senderReportWithoutBlocks(), 28); // the SR alone
    assertThat(session.onRtcp(parse(loneReceiverReport(OURS, 0, 40), sr), 2_600)).isPresent();
    assertThat(session.stats().remotePacketsReceived()).isEqualTo(120);
  }

  @Test
  void feedbackAfterTheReportDoesNotHideIt() {
    RtcpSession session = sending(120);
    assertThat(session.onRtcp(parse(loneReceiverReport(OURS, 0, 40), transportCc()), 2_600))
        .isPresent();
    assertThat(session.stats().remotePacketsReceived()).isEqualTo(120);
  }

  @Test
  void aReportOnAnotherStreamIsNotOurs() {
    RtcpSession session = sending(120);
    assertThat(session.onRtcp(parse(loneReceiverReport(OURS + 1, 0, 40)), 2_600)).isEmpty();
    assertThat(session.stats().remotePacketsReceived()).isEqualTo(-1);
    assertThat(session.stats().reportsReceived()).isEqualTo(1);
  }
}
