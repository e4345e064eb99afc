package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallKeysTest {
  /**
   * Points of small order on Curve25519 in RFC 7748 encoding: 0, 1, the two points of order 8, p-1
   * (order 2), and the non-canonical p, p+1 and high-bit-set forms of them (RFC 7748 §5 masks the
   * top bit and reduces mod p).
   */
  static final List<String> LOW_ORDER =
      List.of(
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0100000000000000000000000000000000000000000000000000000000000000",
          "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
          "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "0000000000000000000000000000000000000000000000000000000000000080",
          "0100000000000000000000000000000000000000000000000000000000000080",
          "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
          "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

  private final SecureRandom random = new SecureRandom();
  private final PeerId alice = Identity.generate(random).peerId();
  private final PeerId bob = Identity.generate(random).peerId();
  private final CallId id = CallId.random(random);

  @Test
  void bothSidesDeriveTheSameTwoDistinctDirectionKeys() {
    CallKeys a = CallKeys.generate(random);
    CallKeys b = CallKeys.generate(random);
    byte[] offer = {1, 2};
    byte[] answer = {3};
    CallKeys.MediaKeys ka =
        a.derive(
            b.share(), id, alice, bob, a.share(), b.share(), offer, answer, "AEAD_AES_128_GCM", 28);
    CallKeys.MediaKeys kb =
        b.derive(
            a.share(), id, alice, bob, a.share(), b.share(), offer, answer, "AEAD_AES_128_GCM", 28);
    assertThat(ka.callerToCallee()).hasSize(28).isEqualTo(kb.callerToCallee());
    assertThat(ka.calleeToCaller()).isEqualTo(kb.calleeToCaller());
    assertThat(ka.callerToCallee()).isNotEqualTo(ka.calleeToCaller());
  }

  @Test
  void keysAreBoundToTheCallTheTranscriptAndTheProfile() {
    CallKeys a = CallKeys.generate(random);
    CallKeys b = CallKeys.generate(random);
    byte[] base = key(a, b, id, alice, bob, 1, "P");
    for (byte[] other :
        List.of(
            key(a, b, CallId.random(random), alice, bob, 1, "P"),
            key(a, b, id, bob, alice, 1, "P"),
            key(a, b, id, alice, bob, 9, "P"),
            key(a, b, id, alice, bob, 1, "Q"))) {
      assertThat(other).isNotEqualTo(base);
    }
  }

  /** {@code a}'s caller-to-callee key with {@code b}, for an offer of one byte and answer {2}. */
  private static byte[] key(
      CallKeys a,
      CallKeys b,
      CallId callId,
      PeerId caller,
      PeerId callee,
      int offer,
      String profile) {
    return a.derive(
            b.share(),
            callId,
            caller,
            callee,
            a.share(),
            b.share(),
            new byte[] {(byte) offer},
            new byte[] {2},
            profile,
            30)
        .callerToCallee();
  }

  @Test
  void aLowOrderOrMalformedShareIsRefused() {
    CallKeys a = CallKeys.generate(random);
    for (byte[] bad : List.of(new byte[32], new byte[5])) {
      assertThatThrownBy(
              () ->
                  a.derive(bad, id, alice, bob, a.share(), bad, new byte[1], new byte[1], "P", 30))
          .as("%d bytes", bad.length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void everyLowOrderPointIsWeakAndRefusedByDeriveWhileRealSharesAreNot() {
    CallKeys a = CallKeys.generate(random);
    for (String hex : LOW_ORDER) {
      byte[] point = java.util.HexFormat.of().parseHex(hex);
      assertThat(CallKeys.isWeakShare(point)).as(hex).isTrue();
      assertThatThrownBy(
              () ->
                  a.derive(
                      point, id, alice, bob, a.share(), point, new byte[1], new byte[1], "P", 30))
          .as(hex)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(CallKeys.isWeakShare(new byte[31])).isTrue();
    assertThat(CallKeys.isWeakShare(null)).isTrue();
    for (int n = 0; n < 20; n++) {
      assertThat(CallKeys.isWeakShare(CallKeys.generate(random).share())).isFalse();
    }
    byte[] nine = new byte[32];
    nine[0] = 9;
    assertThat(CallKeys.isWeakShare(nine)).as("the base point").isFalse();
  }
}
