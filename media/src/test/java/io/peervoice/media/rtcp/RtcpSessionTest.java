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
      byte[] sr = protect.protectRtcp(alice.buildReport(1000), 0, alice.buildReport(1000).length);
      byte[] plain = ((UnprotectResult.Accepted) unprotect.unprotectRtcp(sr, 0, sr.length)).rtp();
      assertThat(parse(plain).get(0)).isInstanceOf(RtcpPacket.SenderReport.class);
      assertThat(unprotect.unprotectRtcp(sr, 0, sr.length))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.REPLAYED));
      sr[10] ^= 1;
      assertThat(unprotect.unprotectRtcp(sr, 0, sr.length))
          .isInstanceOf(UnprotectResult.Rejected.class);

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
  void beforeSendingItReportsWithAnRrAndItTellsRtcpFromRtp() {
    RtcpSession s = new RtcpSession(1, "x", 48000, () -> wall);
    byte[] rr = s.buildReport(0);
    assertThat(parse(rr).get(0)).isInstanceOf(RtcpPacket.ReceiverReport.class);
    assertThat(RtcpSession.isRtcp(rr, 0, rr.length)).isTrue();
    assertThat(RtcpSession.isRtcp(new byte[] {(byte) 0x80, 111}, 0, 2)).isFalse();
    assertThat(RtcpSession.isRtcp(new byte[] {(byte) 0x80, (byte) (0x80 | 111)}, 0, 2)).isFalse();
  }
}
