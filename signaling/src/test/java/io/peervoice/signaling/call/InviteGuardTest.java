package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class InviteGuardTest {
  private final SecureRandom random = new SecureRandom();
  private final PeerId me = Identity.generate(random).peerId();
  private final InviteGuard guard = new InviteGuard(me);
  private final List<String> profiles = List.of("AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80");

  private CallMessage.Invite invite(CallId id, PeerId to, long ts, byte[] share, String profile) {
    return new CallMessage.Invite(id, 0, to.bytes(), ts, share, List.of(profile), new byte[] {1});
  }

  @Test
  void aFreshInviteToUsPassesOnceAndIsThenAReplay() {
    byte[] share = CallKeys.generate(random).share();
    CallMessage.Invite i = invite(CallId.random(random), me, 1_000_000, share, "AEAD_AES_128_GCM");
    assertThat(guard.check(i, 1_000_500, profiles)).isNull();
    assertThat(guard.check(i, 1_000_600, profiles)).isEqualTo(InviteGuard.Rejection.REPLAYED);
  }

  @Test
  void retargetedStaleZeroShareAndProfilelessInvitesAreRefusedWithTheirReason() {
    byte[] share = CallKeys.generate(random).share();
    PeerId other = Identity.generate(random).peerId();
    assertThat(
            guard.check(
                invite(CallId.random(random), other, 0, share, "AEAD_AES_128_GCM"), 0, profiles))
        .isEqualTo(InviteGuard.Rejection.RETARGETED);
    assertThat(
            guard.check(
                invite(CallId.random(random), me, 0, share, "AEAD_AES_128_GCM"), 60_001, profiles))
        .isEqualTo(InviteGuard.Rejection.STALE);
    assertThat(
            guard.check(
                invite(CallId.random(random), me, 0, new byte[32], "AEAD_AES_128_GCM"),
                0,
                profiles))
        .isEqualTo(InviteGuard.Rejection.BAD_KEY_SHARE);
    assertThat(guard.check(invite(CallId.random(random), me, 0, share, "NULL"), 0, profiles))
        .isEqualTo(InviteGuard.Rejection.NO_COMMON_PROFILE);
  }
}
