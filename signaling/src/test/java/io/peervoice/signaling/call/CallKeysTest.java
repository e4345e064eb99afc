package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallKeysTest {
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
    byte[] base =
        a.derive(
                b.share(),
                id,
                alice,
                bob,
                a.share(),
                b.share(),
                new byte[] {1},
                new byte[] {2},
                "P",
                30)
            .callerToCallee();
    for (byte[] other :
        List.of(
            a.derive(
                    b.share(),
                    CallId.random(random),
                    alice,
                    bob,
                    a.share(),
                    b.share(),
                    new byte[] {1},
                    new byte[] {2},
                    "P",
                    30)
                .callerToCallee(),
            a.derive(
                    b.share(),
                    id,
                    bob,
                    alice,
                    a.share(),
                    b.share(),
                    new byte[] {1},
                    new byte[] {2},
                    "P",
                    30)
                .callerToCallee(),
            a.derive(
                    b.share(),
                    id,
                    alice,
                    bob,
                    a.share(),
                    b.share(),
                    new byte[] {9},
                    new byte[] {2},
                    "P",
                    30)
                .callerToCallee(),
            a.derive(
                    b.share(),
                    id,
                    alice,
                    bob,
                    a.share(),
                    b.share(),
                    new byte[] {1},
                    new byte[] {2},
                    "Q",
                    30)
                .callerToCallee())) {
      assertThat(other).isNotEqualTo(base);
    }
  }

  @Test
  void aLowOrderOrMalformedShareIsRefused() {
    CallKeys a = CallKeys.generate(random);
    assertThatThrownBy(
            () ->
                a.derive(
                    new byte[32],
                    id,
                    alice,
                    bob,
                    a.share(),
                    new byte[32],
                    new byte[1],
                    new byte[1],
                    "P",
                    30))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                a.derive(
                    new byte[5],
                    id,
                    alice,
                    bob,
                    a.share(),
                    new byte[5],
                    new byte[1],
                    new byte[1],
                    "P",
                    30))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
