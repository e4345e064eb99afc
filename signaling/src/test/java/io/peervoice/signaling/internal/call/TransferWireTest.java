package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.TransferOutcome;
import io.peervoice.signaling.call.TransferPolicy;
import io.peervoice.signaling.call.TransferToken;
import io.peervoice.signaling.internal.wire.WireException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S5 xfer: TRANSFER (21), TRANSFER_STATUS (22) and the invite's replace token on the wire; the
 * token's checks (tampered, expired, wrong parties, replayed after its call ended); the policy.
 */
class TransferWireTest {
  private static final SecureRandom RANDOM = new SecureRandom(new byte[] {7});
  private final CallWire wire = new CallWire();
  private final CallId id = new CallId(3, 4);
  private final Identity alice = Identity.generate(RANDOM);
  private final PeerId bob = Identity.generate(RANDOM).peerId();
  private final PeerId carol = Identity.generate(RANDOM).peerId();
  private final CallId consultation = new CallId(11, 12);
  private final long now = 1_700_000_000_000L;

  private TransferToken token() {
    return TransferToken.sign(alice, bob, carol, consultation, now, 15_000);
  }

  @Test
  void transferAndStatusRoundTrip() throws Exception {
    byte[] tok = token().encode();
    CallMessage.Transfer t =
        (CallMessage.Transfer)
            wire.decode(wire.encode(new CallMessage.Transfer(id, 5, carol.bytes(), tok)));
    assertThat(t.callId()).isEqualTo(id);
    assertThat(t.seq()).isEqualTo(5);
    assertThat(t.target()).isEqualTo(carol.bytes());
    assertThat(t.token()).isEqualTo(tok);
    CallMessage.Transfer blind =
        (CallMessage.Transfer)
            wire.decode(wire.encode(new CallMessage.Transfer(id, 6, carol.bytes(), new byte[0])));
    assertThat(blind.token()).isEmpty();
    for (TransferOutcome o : TransferOutcome.values()) {
      CallMessage.TransferStatus s =
          (CallMessage.TransferStatus)
              wire.decode(
                  wire.encode(new CallMessage.TransferStatus(id, 7, o, EndReason.NO_ANSWER), 99));
      assertThat(s.outcome()).isEqualTo(o);
      assertThat(s.reason()).isEqualTo(EndReason.NO_ANSWER);
    }
  }

  @Test
  void anInviteCarriesItsReplaceTokenAndAPlainOneStaysAsItWas() throws Exception {
    CallMessage.Invite plain =
        new CallMessage.Invite(
            id, 0, carol.bytes(), now, new byte[32], List.of("AEAD_AES_128_GCM"), new byte[] {1});
    byte[] plainBytes = wire.encode(plain);
    CallMessage.Invite back = (CallMessage.Invite) wire.decode(plainBytes);
    assertThat(back.replaces()).isEmpty();
    byte[] tok = token().encode();
    CallMessage.Invite replacing =
        new CallMessage.Invite(
            id,
            0,
            carol.bytes(),
            now,
            new byte[32],
            List.of("AEAD_AES_128_GCM"),
            new byte[] {1},
            tok);
    byte[] bytes = wire.encode(replacing);
    assertThat(bytes.length).isGreaterThan(plainBytes.length + TransferToken.LENGTH);
    assertThat(((CallMessage.Invite) wire.decode(bytes)).replaces()).isEqualTo(tok);
  }

  @Test
  void malformedTransfersAreRefused() {
    assertThatThrownBy(() -> new CallMessage.Transfer(id, 1, new byte[19], new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallMessage.Transfer(id, 1, carol.bytes(), new byte[10]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] good = wire.encode(new CallMessage.Transfer(id, 1, carol.bytes(), new byte[0]));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> wire.decode(truncated)).isInstanceOf(WireException.class);
    byte[] status =
        wire.encode(new CallMessage.TransferStatus(id, 1, TransferOutcome.FAILED, EndReason.BUSY));
    status[status.length - 3] = 9; // an outcome this phone does not know
    assertThatThrownBy(() -> wire.decode(status)).isInstanceOf(WireException.class);
  }

  @Test
  void aTokenVerifiesOnlyForItsPartiesItsCallAndItsTime() {
    TransferToken t = TransferToken.decode(token().encode());
    PeerId a = alice.peerId();
    assertThat(t.transferor()).isEqualTo(a);
    assertThat(t.verify(bob, carol, a, now)).isNull();
    assertThat(t.verify(bob, carol, a, now + 15_000)).isNull();
    assertThat(t.verify(bob, carol, a, now + 15_001)).isEqualTo(TransferToken.Problem.EXPIRED);
    assertThat(t.verify(carol, carol, a, now)).isEqualTo(TransferToken.Problem.WRONG_TRANSFEREE);
    assertThat(t.verify(bob, bob, a, now)).isEqualTo(TransferToken.Problem.WRONG_TARGET);
    assertThat(t.verify(bob, carol, bob, now)).isEqualTo(TransferToken.Problem.WRONG_TRANSFEROR);
    assertThat(t.verify(bob, carol, null, now))
        .as("the consultation call ended: a replayed token replaces nothing")
        .isEqualTo(TransferToken.Problem.WRONG_TRANSFEROR);
  }

  @Test
  void aTamperedOrForgedTokenFailsItsSignature() {
    byte[] good = token().encode();
    for (int at :
        new int[] {1 + 32, 1 + 32 + 20, 1 + 32 + 40, 1 + 32 + 56, TransferToken.LENGTH - 1}) {
      byte[] bad = good.clone();
      bad[at] ^= 1;
      TransferToken t = TransferToken.decode(bad);
      TransferToken.Problem p = t.verify(t.transferee(), t.target(), alice.peerId(), now);
      assertThat(p).as("byte " + at).isNotNull();
    }
    Identity mallory = Identity.generate(RANDOM);
    TransferToken forged = TransferToken.sign(mallory, bob, carol, consultation, now, 15_000);
    assertThat(forged.verify(bob, carol, alice.peerId(), now))
        .as("signed by someone else than the consultation call's peer")
        .isEqualTo(TransferToken.Problem.WRONG_TRANSFEROR);
    byte[] swapped = forged.encode();
    System.arraycopy(alice.publicIdentity().signingKey(), 0, swapped, 1, 32);
    assertThat(TransferToken.decode(swapped).verify(bob, carol, alice.peerId(), now))
        .as("alice's key on mallory's signature")
        .isEqualTo(TransferToken.Problem.BAD_SIGNATURE);
    assertThatThrownBy(() -> TransferToken.decode(new byte[10]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransferToken.sign(alice, bob, carol, consultation, now, 60_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTokenValidForTooLongIsRefused() {
    // expiry far in the future cannot come from a phone (lifetime <= 30 s): refused as EXPIRED
    TransferToken t = token();
    assertThat(t.verify(bob, carol, alice.peerId(), now - 60_000))
        .isEqualTo(TransferToken.Problem.EXPIRED);
  }

  @Test
  void thePolicyAllowsContactsOnlyByDefaultChoice() {
    assertThat(TransferPolicy.NEVER.allows(true)).isFalse();
    assertThat(TransferPolicy.CONTACTS.allows(true)).isTrue();
    assertThat(TransferPolicy.CONTACTS.allows(false)).isFalse();
    assertThat(TransferPolicy.ALWAYS.allows(false)).isTrue();
  }
}
