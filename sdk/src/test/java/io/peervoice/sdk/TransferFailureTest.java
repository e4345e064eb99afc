package io.peervoice.sdk;

import static io.peervoice.sdk.TransferPhones.activeWith;
import static io.peervoice.sdk.TransferPhones.answered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.TransferOutcome;
import io.peervoice.signaling.call.TransferPolicy;
import io.peervoice.signaling.call.TransferResult;
import io.peervoice.signaling.call.TransferToken;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S5 xfer: transfers that do not go through, in process through three real nodes: a blind transfer
 * whose target is offline or turns the call away fails with the reason and leaves the call up, each
 * step heard by the transferor's listener; a replacing invite whose token is tampered, forged or
 * expired is refused by the target and its consultation call goes on.
 */
class TransferFailureTest {
  private final SecureRandom random = new SecureRandom();
  private final TransferPhones phones = new TransferPhones();

  TransferFailureTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    phones.close();
  }

  /** The transfer outcomes {@code phone}'s listeners heard, once {@code n} of them came. */
  private List<TransferResult> outcomes(Phone phone, int n) {
    List<TransferResult> heard = phones.outcomes.get(phone.id());
    await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= n);
    return heard;
  }

  /** The call {@code phone} placed to {@code peer}, once it ended. */
  private Call endedCallTo(Phone phone, PeerId peer) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                phones.made.get(phone.id()).stream()
                    .filter(c -> c.peer().equals(peer) && c.state() == CallState.ENDED)
                    .findFirst()
                    .orElse(null),
            c -> c != null);
  }

  @Test
  void aBlindTransferToAnOfflinePeerFailsUnreachableAndTheCallGoesOn() throws Exception {
    Phone alice = phone(TransferPolicy.NEVER);
    Phone bob = phone(TransferPolicy.ALWAYS);
    PeerId offline = Identity.generate(random).peerId(); // never attached
    Call toBob = answered(alice, bob);
    Call bobsLeg = activeWith(bob, alice.id());
    TransferResult r = toBob.transfer(offline).get(30, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(TransferOutcome.FAILED);
    assertThat(r.reason()).isEqualTo(EndReason.UNREACHABLE);
    assertThat(r.target()).isEqualTo(offline);
    assertThat(r.millis()) // the transferor's own timeout would also say UNREACHABLE, at 25 s
        .as("reported by the transferee")
        .isLessThan(2 * alice.config().inviteTimeout().toMillis());
    System.out.println("blind transfer to an offline peer: failed in " + r.millis() + " ms");
    assertThat(outcomes(alice, 2))
        .extracting(TransferResult::target, TransferResult::outcome, TransferResult::reason)
        .containsExactly(
            tuple(offline, TransferOutcome.ACCEPTED, EndReason.TRANSFERRED),
            tuple(offline, TransferOutcome.FAILED, EndReason.UNREACHABLE));
    // the transferee accepted, its call to the target ended unreachable, and both stay talking
    assertThat(phones.requests).containsExactly(bob.id() + "->" + offline + ":ACCEPTED");
    assertThat(endedCallTo(bob, offline).ended().get()).isEqualTo(EndReason.UNREACHABLE);
    assertThat(toBob.state()).isEqualTo(CallState.ACTIVE);
    assertThat(bobsLeg.state()).isEqualTo(CallState.ACTIVE);
    assertThat(alice.calls()).containsExactly(toBob);
    assertThat(bob.calls()).containsExactly(bobsLeg);
  }

  @Test
  void aBlindTransferToATargetThatTurnsItAwayFailsBusyAndCanBeAskedAgain() throws Exception {
    Phone alice = phone(TransferPolicy.NEVER);
    Phone bob = phone(TransferPolicy.ALWAYS);
    Phone carol = phone(TransferPolicy.NEVER);
    carol.setDoNotDisturb(true); // answers every call busy, rings for none
    Call toBob = answered(alice, bob);
    Call bobsLeg = activeWith(bob, alice.id());
    TransferResult r = toBob.transfer(carol.id()).get(30, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(TransferOutcome.FAILED);
    assertThat(r.reason()).isEqualTo(EndReason.BUSY);
    assertThat(outcomes(alice, 2))
        .extracting(TransferResult::outcome, TransferResult::reason)
        .containsExactly(
            tuple(TransferOutcome.ACCEPTED, EndReason.TRANSFERRED),
            tuple(TransferOutcome.FAILED, EndReason.BUSY));
    assertThat(endedCallTo(bob, carol.id()).ended().get()).isEqualTo(EndReason.BUSY);
    assertThat(toBob.state()).isEqualTo(CallState.ACTIVE);
    assertThat(bobsLeg.state()).isEqualTo(CallState.ACTIVE);
    assertThat(carol.calls()).isEmpty();
    assertThat(phones.incoming.get(carol.id())).isEmpty();

    // the failed transfer left nothing behind: asked again, it goes through
    carol.setDoNotDisturb(false);
    TransferResult again = toBob.transfer(carol.id()).get(30, TimeUnit.SECONDS);
    assertThat(again.outcome()).isEqualTo(TransferOutcome.RINGING);
    assertThat(toBob.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.TRANSFERRED);
    activeWith(bob, carol.id()).mediaStarted().get(20, TimeUnit.SECONDS);
    assertThat(outcomes(alice, 4))
        .extracting(TransferResult::outcome)
        .containsExactly(
            TransferOutcome.ACCEPTED,
            TransferOutcome.FAILED,
            TransferOutcome.ACCEPTED,
            TransferOutcome.RINGING);
  }

  @Test
  void aReplacingInviteWithATamperedForgedOrExpiredTokenIsRefused() throws Exception {
    Phone alice = phone(TransferPolicy.NEVER);
    Phone carol = phones.phone(TransferPolicy.ALWAYS, false); // answers no call by itself
    Call toCarol = alice.call(carol.id());
    Call consultation = phones.rang(carol, alice.id());
    consultation.answer();
    toCarol.mediaStarted().get(20, TimeUnit.SECONDS);
    ForgedPeer mallory = phones.lab.forged(); // plays the transferee
    byte[] offer = ForgedPeer.description(111, List.of(new InetSocketAddress("127.0.0.1", 9)));
    Identity aliceId = alice.config().identity();
    long now = System.currentTimeMillis();
    byte[] genuine = token(aliceId, mallory.id(), carol, consultation, now, 15_000);
    byte[] tampered = genuine.clone();
    tampered[TransferToken.LENGTH - 1] ^= 1; // the signature's last byte
    byte[] forged = token(mallory.identity, mallory.id(), carol, consultation, now, 15_000);
    byte[] expired = token(aliceId, mallory.id(), carol, consultation, now - 20_000, 15_000);

    int n = 0;
    for (byte[] bad : List.of(tampered, forged, expired)) {
      CallMessage.Invite invite = replacing(mallory.invite(carol.id(), offer), bad);
      mallory.send(carol.id(), invite);
      n++;
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(mallory.received)
                      .contains(new CallMessage.Cancel(invite.callId(), 0, EndReason.REJECTED)));
      assertThat(carol.refusedInvites()).isEqualTo(n);
    }
    assertThat(mallory.received).allMatch(m -> m instanceof CallMessage.Cancel);
    assertThat(phones.incoming.get(carol.id())).containsExactly(consultation);
    assertThat(carol.calls()).containsExactly(consultation);
    assertThat(consultation.state()).isEqualTo(CallState.ACTIVE);
    assertThat(toCarol.state()).isEqualTo(CallState.ACTIVE);

    // the same invite with the genuine token rings, is answered by the token and ends the call
    CallMessage.Invite good = replacing(mallory.invite(carol.id(), offer), genuine);
    mallory.send(carol.id(), good);
    assertThat(consultation.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.TRANSFERRED);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(mallory.received)
                    .anyMatch(
                        m ->
                            m instanceof CallMessage.Answer a && a.callId().equals(good.callId())));
    assertThat(carol.refusedInvites()).isEqualTo(3);
  }

  private Phone phone(TransferPolicy policy) throws Exception {
    return phones.phone(policy);
  }

  /**
   * A token of {@code signer}'s: {@code transferee}'s call to {@code target} replaces {@code call}.
   */
  private static byte[] token(
      Identity signer, PeerId transferee, Phone target, Call call, long now, long lifetime) {
    return TransferToken.sign(signer, transferee, target.id(), call.id(), now, lifetime).encode();
  }

  /** {@code i} carrying {@code token}. */
  private static CallMessage.Invite replacing(CallMessage.Invite i, byte[] token) {
    return new CallMessage.Invite(
        i.callId(),
        i.seq(),
        i.callee(),
        i.timestampMillis(),
        i.keyShare(),
        i.profiles(),
        i.offer(),
        token);
  }
}
