package io.peervoice.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.rtp.OpusPackets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpTest {
  private final SecureRandom random = new SecureRandom(new byte[] {1});

  private static byte[] rtp(int seq, int ssrc) {
    byte[] payload = new byte[80];
    Arrays.fill(payload, (byte) seq);
    return OpusPackets.packet(seq, ssrc, payload);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void roundTripsAndEncryptsThePayload(SrtpProfile profile) {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(profile, random);
    try (SrtpSender sender = Srtp.sender(keys);
        SrtpReceiver receiver = Srtp.receiver(keys)) {
      for (int seq = 65530; seq < 65546; seq++) {
        byte[] plain = rtp(seq & 0xFFFF, 0x1234);
        byte[] protectedPacket = sender.protect(plain, 0, plain.length);
        assertThat(protectedPacket).hasSize(plain.length + profile.authTagLength());
        assertThat(Arrays.copyOfRange(protectedPacket, 12, plain.length))
            .isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
        assertThat(receiver.unprotect(protectedPacket, 0, protectedPacket.length))
            .isInstanceOfSatisfying(
                UnprotectResult.Accepted.class, a -> assertThat(a.rtp()).isEqualTo(plain));
      }
    }
  }

  @Test
  void rejectsATamperedPacket() {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    try (SrtpSender sender = Srtp.sender(keys);
        SrtpReceiver receiver = Srtp.receiver(keys)) {
      byte[] packet = sender.protect(rtp(1, 7), 0, rtp(1, 7).length);
      packet[20] ^= 0x01;
      assertThat(receiver.unprotect(packet, 0, packet.length))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.AUTH_FAILED));
    }
  }

  @Test
  void rejectsAReplayButAcceptsReorderedPackets() {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    try (SrtpSender sender = Srtp.sender(keys);
        SrtpReceiver receiver = Srtp.receiver(keys)) {
      byte[] first = sender.protect(rtp(10, 7), 0, rtp(10, 7).length);
      byte[] second = sender.protect(rtp(11, 7), 0, rtp(11, 7).length);
      assertThat(receiver.unprotect(second, 0, second.length))
          .isInstanceOf(UnprotectResult.Accepted.class);
      assertThat(receiver.unprotect(first, 0, first.length))
          .isInstanceOf(UnprotectResult.Accepted.class);
      assertThat(receiver.unprotect(second, 0, second.length))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.REPLAYED));
    }
  }

  @Test
  void rejectsPacketsUnderAnotherKey() {
    try (SrtpSender sender =
            Srtp.sender(SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random));
        SrtpReceiver receiver =
            Srtp.receiver(SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random))) {
      byte[] packet = sender.protect(rtp(1, 7), 0, rtp(1, 7).length);
      assertThat(receiver.unprotect(packet, 0, packet.length))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.AUTH_FAILED));
    }
  }

  @Test
  void rejectsGarbageAndBoundsWithoutThrowing() {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    try (SrtpReceiver receiver = Srtp.receiver(keys)) {
      assertThat(receiver.unprotect(new byte[5], 0, 5))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.MALFORMED));
      assertThat(receiver.unprotect(new byte[40], 30, 30))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.MALFORMED));
      assertThat(receiver.unprotect(null, 0, 0))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.MALFORMED));
      byte[] stun = new byte[40];
      assertThat(receiver.unprotect(stun, 0, stun.length))
          .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.MALFORMED));
    }
  }

  @Test
  void boundsThePerSourceStateOfAReceiver() {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    try (SrtpReceiver receiver = Srtp.receiver(keys)) {
      UnprotectResult[] results = new UnprotectResult[12];
      for (int ssrc = 0; ssrc < results.length; ssrc++) {
        try (SrtpSender sender = Srtp.sender(keys)) {
          byte[] plain = rtp(1, ssrc);
          byte[] packet = sender.protect(plain, 0, plain.length);
          results[ssrc] = receiver.unprotect(packet, 0, packet.length);
        }
      }
      assertThat(Arrays.copyOfRange(results, 0, 8))
          .allMatch(r -> r instanceof UnprotectResult.Accepted);
      assertThat(Arrays.copyOfRange(results, 8, 12))
          .containsOnly(new UnprotectResult.Rejected(SrtpRejection.TOO_MANY_SOURCES));
    }
  }

  @Test
  void forgedPacketsUnderNewSsrcsCannotFillTheTable() {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    SrtpKeyMaterial attacker = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    try (SrtpReceiver receiver = Srtp.receiver(keys)) {
      for (int ssrc = 100; ssrc < 120; ssrc++) {
        try (SrtpSender forger = Srtp.sender(attacker)) {
          byte[] forged = forger.protect(rtp(1, ssrc), 0, rtp(1, ssrc).length);
          assertThat(receiver.unprotect(forged, 0, forged.length))
              .isEqualTo(new UnprotectResult.Rejected(SrtpRejection.AUTH_FAILED));
        }
      }
      try (SrtpSender sender = Srtp.sender(keys)) {
        byte[] real = sender.protect(rtp(1, 7), 0, rtp(1, 7).length);
        assertThat(receiver.unprotect(real, 0, real.length))
            .isInstanceOf(UnprotectResult.Accepted.class);
      }
    }
  }

  @Test
  void inlineKeysRoundTripAndNeverPrint() {
    SrtpKeyMaterial keys = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    assertThat(SrtpKeyMaterial.fromInline(keys.profile(), keys.toInline())).isEqualTo(keys);
    assertThat(keys.toString()).doesNotContain(keys.toInline()).contains("redacted");
    assertThat(keys.toInline()).hasSize(40);
  }
}
