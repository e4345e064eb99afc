package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class InviteGuardTest {
  private final SecureRandom random = new SecureRandom();
  private final PeerId me = Identity.generate(random).peerId();
  private final PeerId alice = Identity.generate(random).peerId();
  private final PeerId mallory = Identity.generate(random).peerId();
  private final InviteGuard guard = new InviteGuard(me);
  private final List<String> profiles = List.of("AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80");
  private final byte[] share = CallKeys.generate(random).share();

  private CallMessage.Invite invite(CallId id, PeerId to, long ts, byte[] share, String profile) {
    return new CallMessage.Invite(id, 0, to.bytes(), ts, share, List.of(profile), new byte[] {1});
  }

  private CallMessage.Invite invite(long ts) {
    return invite(CallId.random(random), me, ts, share, "AEAD_AES_128_GCM");
  }

  @Test
  void aFreshInviteToUsPassesOnceAndIsThenAReplay() {
    CallMessage.Invite i = invite(1_000_000);
    assertThat(guard.accept(alice, i, 1_000_500, profiles)).isNull();
    assertThat(guard.accept(alice, i, 1_000_600, profiles))
        .isEqualTo(InviteGuard.Rejection.REPLAYED);
  }

  @Test
  void checkingAloneRecordsNothingSoARefusedInviteCannotFillTheCache() {
    CallMessage.Invite i = invite(0);
    assertThat(guard.check(alice, i, 0, profiles)).isNull();
    assertThat(guard.check(alice, i, 0, profiles)).isNull();
    assertThat(guard.size()).isZero();
    assertThat(guard.remember(alice, i, 0)).isNull();
    assertThat(guard.check(alice, i, 0, profiles)).isEqualTo(InviteGuard.Rejection.REPLAYED);
  }

  @Test
  void theReplayCacheIsKeyedBySenderAndCallId() {
    CallMessage.Invite i = invite(0);
    assertThat(guard.accept(alice, i, 0, profiles)).isNull();
    assertThat(guard.accept(mallory, i, 0, profiles))
        .as("another sender reusing a call id does not make alice's invite look replayed")
        .isNull();
    assertThat(guard.accept(alice, i, 0, profiles)).isEqualTo(InviteGuard.Rejection.REPLAYED);
  }

  @Test
  void entriesExpireWithTheFreshnessWindowAndAReplayAfterThatIsStale() {
    CallMessage.Invite i = invite(0);
    assertThat(guard.accept(alice, i, 0, profiles)).isNull();
    assertThat(guard.accept(alice, i, InviteGuard.WINDOW_MILLIS, profiles))
        .isEqualTo(InviteGuard.Rejection.REPLAYED);
    assertThat(guard.accept(alice, i, InviteGuard.WINDOW_MILLIS + 1, profiles))
        .isEqualTo(InviteGuard.Rejection.STALE);
    assertThat(guard.size()).as("the expired entry is gone").isZero();
  }

  @Test
  void aFullCacheRefusesNewInvitesInsteadOfEvictingLiveOnes() {
    InviteGuard small = new InviteGuard(me, 3);
    CallMessage.Invite first = invite(0);
    assertThat(small.accept(alice, first, 0, profiles)).isNull();
    for (int n = 0; n < 2; n++) {
      assertThat(small.accept(mallory, invite(0), 0, profiles)).isNull();
    }
    for (int n = 0; n < 100; n++) {
      assertThat(small.accept(mallory, invite(0), 1_000, profiles))
          .isEqualTo(InviteGuard.Rejection.REPLAY_CACHE_FULL);
    }
    assertThat(small.accept(alice, first, 1_000, profiles))
        .as("the flood did not flush alice's entry")
        .isEqualTo(InviteGuard.Rejection.REPLAYED);
    assertThat(small.accept(mallory, invite(70_000), 70_001, profiles))
        .as("once the old entries expired there is room again")
        .isNull();
  }

  @Test
  void retargetedStaleAndProfilelessInvitesAreRefusedWithTheirReason() {
    PeerId other = Identity.generate(random).peerId();
    assertThat(
            guard.accept(
                alice,
                invite(CallId.random(random), other, 0, share, "AEAD_AES_128_GCM"),
                0,
                profiles))
        .isEqualTo(InviteGuard.Rejection.RETARGETED);
    assertThat(guard.accept(alice, invite(0), 60_001, profiles))
        .isEqualTo(InviteGuard.Rejection.STALE);
    assertThat(guard.accept(alice, invite(120_000), 60_000 - 1, profiles))
        .as("from the future")
        .isEqualTo(InviteGuard.Rejection.STALE);
    assertThat(
            guard.accept(alice, invite(CallId.random(random), me, 0, share, "NULL"), 0, profiles))
        .isEqualTo(InviteGuard.Rejection.NO_COMMON_PROFILE);
  }

  @Test
  void everyLowOrderShareIsRefusedOnArrivalNotOnlyTheAllZeroOne() {
    for (String hex : CallKeysTest.LOW_ORDER) {
      byte[] weak = HexFormat.of().parseHex(hex);
      assertThat(
              guard.accept(
                  alice,
                  invite(CallId.random(random), me, 0, weak, "AEAD_AES_128_GCM"),
                  0,
                  profiles))
          .as(hex)
          .isEqualTo(InviteGuard.Rejection.BAD_KEY_SHARE);
    }
    assertThat(guard.size()).isZero();
  }
}
