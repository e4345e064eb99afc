package io.peervoice.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.rtcp.RtcpCodec;
import io.peervoice.media.rtcp.RtcpPacket;
import io.peervoice.media.rtp.OpusPackets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The in-place SRTP calls (issue #13) against the copying ones: the same bytes out for RTP and
 * SRTCP (tag and SRTCP index, RFC 3711 §3.4) at an offset inside a larger buffer, replays and
 * tampering rejected with their codes, and a buffer without room for the tail refused before any
 * byte or index changes.
 */
class SrtpInPlaceTest {
  private static final int AT = 7;
  private final SecureRandom random = new SecureRandom(new byte[] {13});

  private static byte[] rtp(int seq) {
    byte[] payload = new byte[80];
    Arrays.fill(payload, (byte) seq);
    return OpusPackets.packet(seq, 0x1234, payload);
  }

  private static byte[] rtcp() {
    return RtcpCodec.serialize(
        List.of(
            new RtcpPacket.ReceiverReport(0x1234, List.of()),
            new RtcpPacket.SourceDescription(0x1234, "in-place")));
  }

  /** {@code packet} at {@link #AT} in a buffer with {@link SrtpSender#TAIL_ROOM} after it. */
  private static byte[] placed(byte[] packet) {
    byte[] buffer = new byte[AT + packet.length + SrtpSender.TAIL_ROOM];
    Arrays.fill(buffer, (byte) 0x5A);
    System.arraycopy(packet, 0, buffer, AT, packet.length);
    return buffer;
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void inPlaceMatchesTheCopyingCallsAndRoundTrips(SrtpProfile profile) {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(profile, random);
    try (SrtpSender copying = Srtp.sender(keys);
        SrtpSender inPlace = Srtp.sender(keys);
        SrtpReceiver receiver = Srtp.receiver(keys)) {
      for (int i = 0; i < 3; i++) {
        byte[] plain = i < 2 ? rtp((65535 + i) & 0xFFFF) : rtcp();
        boolean isRtcp = i == 2;
        byte[] expected =
            isRtcp
                ? copying.protectRtcp(plain, 0, plain.length)
                : copying.protect(plain, 0, plain.length);
        byte[] buffer = placed(plain);
        int length =
            isRtcp
                ? inPlace.protectRtcpInPlace(buffer, AT, plain.length)
                : inPlace.protectInPlace(buffer, AT, plain.length);

        assertThat(length).isEqualTo(expected.length);
        assertThat(Arrays.copyOfRange(buffer, AT, AT + length)).isEqualTo(expected);
        assertThat(buffer[0]).isEqualTo((byte) 0x5A);
        int plainLength =
            isRtcp
                ? receiver.unprotectRtcpInPlace(buffer, AT, length)
                : receiver.unprotectInPlace(buffer, AT, length);
        assertThat(plainLength).isEqualTo(plain.length);
        assertThat(Arrays.copyOfRange(buffer, AT, AT + plainLength)).isEqualTo(plain);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void replaysAndTamperingAreRejectedWithTheirCodes(SrtpProfile profile) {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(profile, random);
    try (SrtpSender sender = Srtp.sender(keys);
        SrtpReceiver receiver = Srtp.receiver(keys)) {
      byte[] packet = sender.protect(rtp(9), 0, rtp(9).length);
      byte[] control = sender.protectRtcp(rtcp(), 0, rtcp().length);
      for (boolean isRtcp : new boolean[] {false, true}) {
        byte[] wire = isRtcp ? control : packet;
        byte[] tampered = placed(wire);
        tampered[AT + wire.length - 1] ^= 0x01;
        assertThat(unprotect(receiver, isRtcp, tampered, wire.length))
            .isEqualTo(SrtpRejection.AUTH_FAILED.code());
        assertThat(unprotect(receiver, isRtcp, placed(wire), wire.length)).isGreaterThan(0);
        int replay = unprotect(receiver, isRtcp, placed(wire), wire.length);
        assertThat(replay).isNegative();
        assertThat(SrtpRejection.ofCode(replay)).isEqualTo(SrtpRejection.REPLAYED);
      }
    }
  }

  private static int unprotect(SrtpReceiver r, boolean rtcp, byte[] buffer, int length) {
    return rtcp
        ? r.unprotectRtcpInPlace(buffer, AT, length)
        : r.unprotectInPlace(buffer, AT, length);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void aBufferWithoutRoomForTheTailIsRefusedBeforeAnythingChanges(SrtpProfile profile) {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(profile, random);
    try (SrtpSender sender = Srtp.sender(keys);
        SrtpSender fresh = Srtp.sender(keys)) {
      for (boolean isRtcp : new boolean[] {false, true}) {
        byte[] plain = isRtcp ? rtcp() : rtp(3);
        int tail = profile.authTagLength() + (isRtcp ? 4 : 0);
        byte[] tight = new byte[AT + plain.length + tail - 1];
        System.arraycopy(plain, 0, tight, AT, plain.length);
        byte[] before = tight.clone();

        assertThatThrownBy(
                () -> {
                  if (isRtcp) {
                    sender.protectRtcpInPlace(tight, AT, plain.length);
                  } else {
                    sender.protectInPlace(tight, AT, plain.length);
                  }
                })
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(tight).as("the caller's bytes").isEqualTo(before);
        // the SRTCP index was not spent: the next protect is what a fresh sender makes
        byte[] next =
            isRtcp
                ? sender.protectRtcp(plain, 0, plain.length)
                : sender.protect(plain, 0, plain.length);
        byte[] expected =
            isRtcp
                ? fresh.protectRtcp(plain, 0, plain.length)
                : fresh.protect(plain, 0, plain.length);
        assertThat(next).isEqualTo(expected);
      }
    }
  }
}
