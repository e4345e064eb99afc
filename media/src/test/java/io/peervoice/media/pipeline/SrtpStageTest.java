package io.peervoice.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.rtcp.RtcpCodec;
import io.peervoice.media.rtcp.RtcpPacket;
import io.peervoice.media.rtp.OpusPackets;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.media.stream.PacketHandler;
import io.peervoice.media.stream.PacketSink;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SRTP stage between streams and path: what one side's {@code rtpOut}/{@code rtcpOut} protects,
 * the other side's {@code inbound} demultiplexes (RFC 5761 §4), checks and hands on plain; every
 * drop reaches the handler it was meant for, with its reason.
 */
class SrtpStageTest {
  private static final int ALICE_SSRC = 0x1111;
  private static final int BOB_SSRC = 0x2222;

  private SecureRandom random;
  private final List<byte[]> wire = new ArrayList<>();
  private final PacketSink path = (d, off, len) -> wire.add(Arrays.copyOfRange(d, off, off + len));
  private final Recorder rtp = new Recorder();
  private final Recorder rtcp = new Recorder();

  /** What an inbound handler was given: plain packets and rejections, in order. */
  private static final class Recorder implements PacketHandler {
    final List<byte[]> packets = new ArrayList<>();
    final List<SrtpRejection> rejected = new ArrayList<>();

    @Override
    public void onPacket(byte[] data, int offset, int length) {
      packets.add(Arrays.copyOfRange(data, offset, offset + length));
    }

    @Override
    public void onRejected(SrtpRejection reason) {
      rejected.add(reason);
    }
  }

  @BeforeEach
  void seed() throws NoSuchAlgorithmException {
    random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(12);
  }

  private SrtpKeyMaterial key() {
    return SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
  }

  private static byte[] rtpPacket(int ssrc, int seq) {
    return OpusPackets.packet(seq, ssrc, new byte[] {1, 2, 3, (byte) seq});
  }

  private static byte[] rtcpPacket(int ssrc) {
    return RtcpCodec.serialize(
        List.of(
            new RtcpPacket.ReceiverReport(ssrc, List.of()),
            new RtcpPacket.SourceDescription(ssrc, "alice")));
  }

  private void deliver(PacketHandler in, byte[] datagram) {
    in.onPacket(datagram, 0, datagram.length);
  }

  @Test
  void rtpAndRtcpRoundTripAndAreToldApartOnTheMuxedPath() throws Exception {
    SrtpKeyMaterial a = key();
    SrtpKeyMaterial b = key();
    try (SrtpStage alice = SrtpStage.keyed(new SrtpKeys(a, b), BOB_SSRC);
        SrtpStage bob = SrtpStage.keyed(new SrtpKeys(b, a), ALICE_SSRC)) {
      PacketHandler in = bob.inbound(rtp, rtcp);
      byte[] plainRtp = rtpPacket(ALICE_SSRC, 7);
      byte[] plainRtcp = rtcpPacket(ALICE_SSRC);
      alice.rtpOut(path).send(plainRtp, 0, plainRtp.length);
      alice.rtcpOut(path).send(plainRtcp, 0, plainRtcp.length);

      assertThat(wire).hasSize(2);
      assertThat(wire.get(0)).as("protected: encrypted, with a tag").isNotEqualTo(plainRtp);
      assertThat(wire.get(0).length).isEqualTo(plainRtp.length + 10);
      wire.forEach(d -> deliver(in, d));

      assertThat(rtp.packets).containsExactly(plainRtp);
      assertThat(rtcp.packets).containsExactly(plainRtcp);
      assertThat(rtp.rejected).isEmpty();
      assertThat(rtcp.rejected).isEmpty();
      assertThat(alice.rtpBytesSent()).as("RTP only, SRTP bytes").isEqualTo(plainRtp.length + 10);
      assertThat(bob.keyDerivations()).isPositive();
    }
  }

  @Test
  void tamperedReplayedForeignAndGarbageDatagramsAreRejectedWithTheirReasons() throws Exception {
    SrtpKeyMaterial a = key();
    SrtpKeyMaterial b = key();
    try (SrtpStage alice = SrtpStage.keyed(new SrtpKeys(a, b), BOB_SSRC);
        SrtpStage bob = SrtpStage.keyed(new SrtpKeys(b, a), ALICE_SSRC)) {
      PacketHandler in = bob.inbound(rtp, rtcp);
      byte[] plain = rtpPacket(ALICE_SSRC, 1);
      byte[] forged = rtpPacket(0x6666, 1);
      alice.rtpOut(path).send(plain, 0, plain.length);
      alice.rtpOut(path).send(forged, 0, forged.length);
      byte[] rtcpPlain = rtcpPacket(ALICE_SSRC);
      alice.rtcpOut(path).send(rtcpPlain, 0, rtcpPlain.length);
      byte[] good = wire.get(0);
      byte[] tampered = good.clone();
      tampered[tampered.length - 1] ^= 1;
      byte[] tamperedRtcp = wire.get(2).clone();
      tamperedRtcp[tamperedRtcp.length - 1] ^= 1;

      deliver(in, tampered);
      deliver(in, good);
      deliver(in, good);
      deliver(in, wire.get(1));
      deliver(in, new byte[3]);
      deliver(in, tamperedRtcp);

      assertThat(rtp.packets).hasSize(1);
      assertThat(rtp.rejected)
          .containsExactly(
              SrtpRejection.AUTH_FAILED,
              SrtpRejection.REPLAYED,
              SrtpRejection.UNEXPECTED_SSRC,
              SrtpRejection.MALFORMED);
      assertThat(rtcp.packets).isEmpty();
      assertThat(rtcp.rejected).containsExactly(SrtpRejection.AUTH_FAILED);
      assertThat(bob.keyDerivations())
          .as("SRTP and SRTCP of the announced SSRC; the forged SSRC cost none")
          .isEqualTo(2);
    }
  }

  @Test
  void anUnkeyedStageDropsBothWaysAndCountsUntilKeyed() throws Exception {
    SrtpKeyMaterial a = key();
    SrtpKeyMaterial b = key();
    try (SrtpStage alice = SrtpStage.keyed(new SrtpKeys(a, b), BOB_SSRC);
        SrtpStage bob = new SrtpStage(ALICE_SSRC)) {
      PacketHandler in = bob.inbound(rtp, rtcp);
      byte[] plain = rtpPacket(BOB_SSRC, 1);
      byte[] report = rtcpPacket(BOB_SSRC);
      bob.rtpOut(path).send(plain, 0, plain.length);
      bob.rtcpOut(path).send(report, 0, report.length);
      assertThat(wire).as("nothing leaves in the clear").isEmpty();
      assertThat(bob.unkeyedDrops()).isEqualTo(2);
      assertThat(bob.keyed()).isFalse();

      byte[] fromAlice = rtpPacket(ALICE_SSRC, 1);
      alice.rtpOut(path).send(fromAlice, 0, fromAlice.length);
      alice.rtcpOut(path).send(report, 0, report.length);
      wire.forEach(d -> deliver(in, d));
      assertThat(rtp.rejected).containsExactly(SrtpRejection.NOT_KEYED);
      assertThat(rtcp.rejected).containsExactly(SrtpRejection.NOT_KEYED);

      bob.key(new SrtpKeys(b, a)); // e.g. after a DTLS-SRTP handshake
      wire.clear();
      byte[] next = rtpPacket(ALICE_SSRC, 2);
      alice.rtpOut(path).send(next, 0, next.length);
      deliver(in, wire.get(0));
      assertThat(rtp.packets).containsExactly(next);
      assertThat(bob.keyed()).isTrue();
    }
  }

  @Test
  void rekeyingReplacesBothDirectionsAtOnceAndOldKeysNoLongerPass() throws Exception {
    SrtpKeyMaterial a1 = key();
    SrtpKeyMaterial b1 = key();
    SrtpKeyMaterial a2 = key();
    SrtpKeyMaterial b2 = key();
    try (SrtpStage alice = SrtpStage.keyed(new SrtpKeys(a1, b1), BOB_SSRC);
        SrtpStage bob = SrtpStage.keyed(new SrtpKeys(b1, a1), ALICE_SSRC)) {
      PacketHandler in = bob.inbound(rtp, rtcp);
      PacketSink aliceOut = alice.rtpOut(path);
      byte[] p1 = rtpPacket(ALICE_SSRC, 1);
      byte[] p2 = rtpPacket(ALICE_SSRC, 2);
      byte[] p3 = rtpPacket(ALICE_SSRC, 3);
      aliceOut.send(p1, 0, p1.length);
      aliceOut.send(p2, 0, p2.length); // held back: arrives after the rekey
      deliver(in, wire.get(0));

      alice.key(new SrtpKeys(a2, b2)); // an ICE restart with new keys
      bob.key(new SrtpKeys(b2, a2));
      aliceOut.send(p3, 0, p3.length);
      deliver(in, wire.get(2));
      deliver(in, wire.get(1));

      assertThat(rtp.packets).containsExactly(p1, p3);
      assertThat(rtp.rejected).containsExactly(SrtpRejection.AUTH_FAILED);
      assertThat(bob.keyDerivations()).as("one per key, summed").isEqualTo(2);

      // Bob's answer under his new key reaches Alice under hers
      wire.clear();
      Recorder aliceRtp = new Recorder();
      byte[] answer = rtpPacket(BOB_SSRC, 9);
      bob.rtpOut(path).send(answer, 0, answer.length);
      deliver(alice.inbound(aliceRtp, rtcp), wire.get(0));
      assertThat(aliceRtp.packets).containsExactly(answer);
    }
  }

  /**
   * S8: the peer's last packets may cross our hang-up: once the stage closed, what still arrives is
   * dropped without a rejection (a loopback call's report counted one now and then).
   */
  @Test
  void aClosedStageDropsWhatStillArrivesWithoutCountingIt() throws Exception {
    SrtpKeyMaterial a = key();
    SrtpKeyMaterial b = key();
    try (SrtpStage alice = SrtpStage.keyed(new SrtpKeys(a, b), BOB_SSRC)) {
      SrtpStage bob = SrtpStage.keyed(new SrtpKeys(b, a), ALICE_SSRC);
      PacketHandler in = bob.inbound(rtp, rtcp);
      byte[] plainRtp = rtpPacket(ALICE_SSRC, 9);
      alice.rtpOut(path).send(plainRtp, 0, plainRtp.length);
      plainRtp = rtpPacket(ALICE_SSRC, 10);
      alice.rtpOut(path).send(plainRtp, 0, plainRtp.length);
      deliver(in, wire.get(0));
      assertThat(rtp.packets).hasSize(1);
      bob.close();
      deliver(in, wire.get(1));
      assertThat(rtp.packets).hasSize(1);
      assertThat(rtp.rejected).as("not counted as a rejection (it was: malformed)").isEmpty();
    }
  }

  @Test
  void aClosedStageRefusesKeys() {
    SrtpStage stage = new SrtpStage(ALICE_SSRC);
    stage.close();
    SrtpKeys keys = new SrtpKeys(key(), key());
    assertThatThrownBy(() -> stage.key(keys)).isInstanceOf(IllegalStateException.class);
    assertThat(Optional.of(stage.unkeyedDrops())).contains(0L);
  }
}
