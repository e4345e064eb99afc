package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SealedMessageTest {
  private final SecureRandom random = new SecureRandom();
  private final Identity alice = Identity.generate(random);
  private final Identity bob = Identity.generate(random);
  private final Identity node = Identity.generate(random);
  private final byte[] offer =
      "offer: ice ufrag, candidates, SRTP key".getBytes(StandardCharsets.UTF_8);

  @Test
  void onlyTheRecipientOpensItAndANodeCanStillCheckWhoSentIt() {
    SealedMessage sealed = SealedMessage.seal(alice, bob.publicIdentity(), offer, random);
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .as("a node sees no part of the payload")
        .doesNotContain("offer")
        .doesNotContain("SRTP");
    assertThat(sealed.signedBy(alice.publicIdentity())).isTrue();
    assertThat(sealed.signedBy(node.publicIdentity())).isFalse();
    assertThat(sealed.open(bob, alice.publicIdentity()))
        .isInstanceOfSatisfying(
            SealedMessage.Opened.Payload.class, p -> assertThat(p.bytes()).isEqualTo(offer));
    assertThat(sealed.open(node, alice.publicIdentity()))
        .isEqualTo(new SealedMessage.Opened.Rejected(SealedMessage.Rejection.WRONG_RECIPIENT));
  }

  @Test
  void tamperingOrAForgedSenderIsRejectedBeforeDecryption() {
    SealedMessage sealed = SealedMessage.seal(alice, bob.publicIdentity(), offer, random);
    byte[] c = sealed.ciphertext();
    c[0] ^= 1;
    SealedMessage tampered =
        new SealedMessage(
            sealed.sender(), sealed.recipient(), sealed.nonce(), c, sealed.signature());
    assertThat(tampered.open(bob, alice.publicIdentity()))
        .isEqualTo(new SealedMessage.Opened.Rejected(SealedMessage.Rejection.BAD_SIGNATURE));
    SealedMessage fromMallory = SealedMessage.seal(node, bob.publicIdentity(), offer, random);
    SealedMessage claimingAlice =
        new SealedMessage(
            alice.peerId(),
            fromMallory.recipient(),
            fromMallory.nonce(),
            fromMallory.ciphertext(),
            fromMallory.signature());
    assertThat(claimingAlice.open(bob, alice.publicIdentity()))
        .isEqualTo(new SealedMessage.Opened.Rejected(SealedMessage.Rejection.BAD_SIGNATURE));
  }

  @Test
  void refusesPayloadsOverTheLimitWithAClearError() {
    assertThatThrownBy(
            () ->
                SealedMessage.seal(
                    alice, bob.publicIdentity(), new byte[SealedMessage.MAX_PAYLOAD + 1], random))
        .hasMessageContaining("over the 61440-byte limit");
  }
}
