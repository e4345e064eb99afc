package io.peervoice.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.media.srtp.SrtpSender;
import io.peervoice.media.srtp.UnprotectResult;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RtcpSessionTest {
  private long wall = 1_700_000_000_000L;

  private static List<RtcpPacket> parse(byte[] b) {
    return ((RtcpParseResult.Parsed) RtcpCodec.parse(b)).packets();
  }

  @Test
  void twoSessionsMeasureLossJitterAndRoundTripThroughSrtcp() {
    RtcpSession alice = new RtcpSession(1, "alice", 48000, () -> wall);
    RtcpSession bob = new RtcpSession(2, "bob", 48000, () -> wall);
    SrtpKeyMaterial keys =
        SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new SecureRandom());
    try (SrtpSender protect = Srtp.sender(keys);
        SrtpReceiver unprotect = Srtp.receiver(keys)) {
      for (int i = 0; i < 50; i++) {
        alice.onRtpSent(i * 960L, 80, i * 20.0);
        if (i % 10 != 3) {
          bob.onRtpReceived(1, i, i * 960L, i * 20.0 + 30);
        }
      }
      byte[] srPlain = alice.buildReport(1000);
      byte[] sr = protect.protectRtcp(srPlain, 0, srPlain.length);
      byte[] plain = accepted(unprotect.unprotectRtcp(sr, 0, sr.length));
      assertThat(parse(plain).get(0)).isInstanceOf(RtcpPacket.SenderReport.class);

      bob.onRtcp(parse(plain), 1040);
      wall += 100;
      byte[] rr = bob.buildReport(1100);
      wall += 40;
      RtcpSession.RemoteReport report = alice.onRtcp(parse(rr), 1180).orElseThrow();
      assertThat(report.block().fractionLost()).isEqualTo(25);
      assertThat(report.block().cumulativeLost()).isEqualTo(5);
      assertThat(report.roundTripMillis().getAsDouble()).isBetween(79.0, 81.0);
      assertThat(alice.stats().roundTripTime().getAsDouble()).isBetween(0.079, 0.081);
      assertThat(alice.stats().remoteFractionLost()).isEqualTo(25 / 256.0);
      assertThat(bob.stats().packetsLost()).isEqualTo(5);
      assertThat(bob.stats().packetsReceived()).isEqualTo(45);
    }
  }

  @Test
  void thePeersReportTellsHowManyOfOurPacketsArrivedEventsIncluded() {
    RtcpSession alice = new RtcpSession(1, "alice", 48000, () -> wall);
    RtcpSession bob = new RtcpSession(2, "bob", 48000, () -> wall);
    assertThat(alice.stats().remotePacketsReceived()).as("no report yet").isEqualTo(-1);
    int first = 65_530;
    for (int i = 0; i < 20; i++) {
      int seq = (first + i) & 0xFFFF;
      boolean event = i >= 5 && i < 12;
      if (event) {
        alice.onNonAudioSent(seq, 4);
      } else {
        alice.onRtpSent(seq, i * 960L, 80, i * 20.0);
      }
      if (i == 0 || i == 15) {
        continue; // lost on the way
      }
      if (event) {
        bob.onNonAudioReceived(1, seq);
      } else {
        bob.onRtpReceived(1, seq, i * 960L, i * 20.0 + 30);
      }
    }
    assertThat(bob.stats().packetsLost()).as("only the one after bob's first").isEqualTo(1);
    alice.onRtcp(parse(bob.buildReport(500)), 520);
    assertThat(alice.stats().remotePacketsReceived())
        .as("18 arrived; the first was lost before bob's first, so it counts as received")
        .isEqualTo(19);
    assertThat(alice.stats().remotePacketsLost()).isEqualTo(1);
  }

  /**
   * A fresh SRTCP packet (one whose index the receiver has never seen) with one bit flipped is
   * refused for its tag, not as a replay; the refusal does not use up its index, so the genuine
   * packet is accepted afterwards (RFC 3711 §3.4: authenticate before the replay list is updated).
   */
  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void aTamperedFreshSrtcpPacketFailsAuthenticationAndTheGenuineOneStillPasses(
      SrtpProfile profile) {
    RtcpSession alice = new RtcpSession(1, "alice", 48000, () -> wall);
    alice.onRtpSent(0, 80, 0);
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(profile, new SecureRandom());
    try (SrtpSender protect = Srtp.sender(keys);
        SrtpReceiver unprotect = Srtp.receiver(keys)) {
      byte[] first = alice.buildReport(1000);
      byte[] firstPlain = first.clone();
      byte[] sr1 = protect.protectRtcp(first, 0, first.length);
      assertThat(accepted(unprotect.unprotectRtcp(sr1, 0, sr1.length))).isEqualTo(firstPlain);

      byte[] second = alice.buildReport(1020);
      byte[] secondPlain = second.clone();
      byte[] sr2 = protect.protectRtcp(second, 0, second.length);
      // a byte of the encrypted sender info, then one of the tag (HMAC: the last 10 bytes; GCM: the
      // 16 bytes before the 4-byte SRTCP index)
      for (int at : new int[] {10, sr2.length - 5}) {
        byte[] tampered = sr2.clone();
        tampered[at] ^= 1;
        assertThat(unprotect.unprotectRtcp(tampered, 0, tampered.length))
            .as("%s: fresh packet with byte %d of %d flipped", profile, at, sr2.length)
            .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.AUTH_FAILED));
      }
      assertThat(accepted(unprotect.unprotectRtcp(sr2, 0, sr2.length))).isEqualTo(secondPlain);
    }
  }

  /** An SRTCP packet received twice is refused the second time as a replay (RFC 3711 §3.3.2). */
  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void aReplayedSrtcpPacketIsRefusedAsAReplay(SrtpProfile profile) {
    RtcpSession alice = new RtcpSession(1, "alice", 48000, () -> wall);
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(profile, new SecureRandom());
    try (SrtpSender protect = Srtp.sender(keys);
        SrtpReceiver unprotect = Srtp.receiver(keys)) {
      byte[] rr = alice.buildReport(0);
      byte[] rrPlain = rr.clone();
      byte[] srtcp = protect.protectRtcp(rr, 0, rr.length);
      byte[] copy = srtcp.clone();
      assertThat(accepted(unprotect.unprotectRtcp(srtcp, 0, srtcp.length))).isEqualTo(rrPlain);
      assertThat(unprotect.unprotectRtcp(copy, 0, copy.length))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.REPLAYED));
    }
  }

  private static byte[] accepted(UnprotectResult result) {
    assertThat(result).isInstanceOf(UnprotectResult.Accepted.class);
    return ((UnprotectResult.Accepted) result).rtp();
  }

  @Test
  void beforeSendingItReportsWithAnRrAndItTellsRtcpFromRtp() {
    RtcpSession s = new RtcpSession(1, "x", 48000, () -> wall);
    byte[] rr = s.buildReport(0);
    assertThat(parse(rr).get(0)).isInstanceOf(RtcpPacket.ReceiverReport.class);
    assertThat(RtcpSession.isRtcp(rr, 0, rr.length)).isTrue();
    assertThat(RtcpSession.isRtcp(new byte[] {(byte) 0x80, 111}, 0, 2)).isFalse();
    assertThat(RtcpSession.isRtcp(new byte[] {(byte) 0x80, (byte) (0x80 | 111)}, 0, 2)).isFalse();
  }
}
