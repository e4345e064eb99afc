package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Only an authenticated Binding request with USE-CANDIDATE from the peer is its nominating check:
 * the callee takes the nominated pair on it, so a spoofed, unsigned or plain check must not count.
 */
class NominationCheckTest {
  private static final IceCredentials OURS =
      new IceCredentials("callee", "calleepw0123456789abcd", "caller", "callerpw0123456789abcd");

  private final NominationCheck check = new NominationCheck(OURS);
  private final Random random = new Random(7);

  /** A request as the peer sends it to us: USERNAME ours:theirs, signed with our password. */
  private byte[] request(
      StunClass cls, boolean useCandidate, String username, String key, boolean fingerprint) {
    byte[] tid = new byte[12];
    random.nextBytes(tid);
    List<StunAttribute> attributes = new ArrayList<>();
    attributes.add(StunAttributes.username(username.getBytes(StandardCharsets.UTF_8)));
    attributes.add(StunAttributes.u32(StunAttributes.PRIORITY, 1_845_501_695L));
    if (useCandidate) {
      attributes.add(StunAttributes.flag(StunAttributes.USE_CANDIDATE));
    }
    StunMessage m = StunMessage.of(StunMessage.BINDING, cls, tid, attributes);
    MessageIntegrity integrity =
        key == null ? null : new MessageIntegrity(key.getBytes(StandardCharsets.UTF_8));
    return StunCodec.encode(m, integrity, fingerprint);
  }

  private boolean matches(byte[] datagram) {
    return check.matches(datagram, 0, datagram.length);
  }

  @Test
  void thePeersSignedUseCandidateCheckIsANomination() {
    assertThat(
            matches(request(StunClass.REQUEST, true, "callee:caller", OURS.localPassword(), true)))
        .isTrue();
  }

  @Test
  void aCheckAtAnOffsetInALargerBufferIsReadInPlace() {
    byte[] check = request(StunClass.REQUEST, true, "callee:caller", OURS.localPassword(), true);
    byte[] buffer = new byte[check.length + 40];
    System.arraycopy(check, 0, buffer, 13, check.length);
    assertThat(this.check.matches(buffer, 13, check.length)).isTrue();
  }

  @Test
  void aCheckWithoutUseCandidateIsNot() {
    assertThat(
            matches(request(StunClass.REQUEST, false, "callee:caller", OURS.localPassword(), true)))
        .isFalse();
  }

  @Test
  void aCheckSignedWithAnotherKeyOrUnsignedIsNot() {
    assertThat(matches(request(StunClass.REQUEST, true, "callee:caller", "guessed-password", true)))
        .isFalse();
    assertThat(matches(request(StunClass.REQUEST, true, "callee:caller", null, true))).isFalse();
    // signed with the peer's own password (what our requests to it carry), not ours
    assertThat(
            matches(request(StunClass.REQUEST, true, "callee:caller", OURS.remotePassword(), true)))
        .isFalse();
  }

  @Test
  void aCheckForAnotherSessionOrWithoutFingerprintIsNot() {
    assertThat(
            matches(request(StunClass.REQUEST, true, "caller:callee", OURS.localPassword(), true)))
        .isFalse();
    assertThat(
            matches(request(StunClass.REQUEST, true, "callee:other", OURS.localPassword(), true)))
        .isFalse();
    assertThat(
            matches(request(StunClass.REQUEST, true, "callee:caller", OURS.localPassword(), false)))
        .isFalse();
  }

  @Test
  void responsesIndicationsAndGarbageAreNot() {
    assertThat(
            matches(
                request(
                    StunClass.SUCCESS_RESPONSE, true, "callee:caller", OURS.localPassword(), true)))
        .isFalse();
    assertThat(
            matches(
                request(StunClass.INDICATION, true, "callee:caller", OURS.localPassword(), true)))
        .isFalse();
    byte[] good = request(StunClass.REQUEST, true, "callee:caller", OURS.localPassword(), true);
    assertThat(matches(Arrays.copyOf(good, good.length - 4))).as("truncated").isFalse();
    byte[] flipped = good.clone();
    flipped[30] ^= 1; // inside USERNAME: the integrity (and fingerprint) no longer hold
    assertThat(matches(flipped)).isFalse();
    assertThat(matches(new byte[] {0, 1, 0, 0})).isFalse();
    byte[] rtp = new byte[60];
    rtp[0] = (byte) 0x80;
    assertThat(matches(rtp)).isFalse();
  }
}
