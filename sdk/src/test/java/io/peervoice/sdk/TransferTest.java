package io.peervoice.sdk;

import static io.peervoice.sdk.TransferPhones.activeWith;
import static io.peervoice.sdk.TransferPhones.answered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.TransferOutcome;
import io.peervoice.signaling.call.TransferPolicy;
import io.peervoice.signaling.call.TransferResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S5 xfer: blind and attended transfer in process through three real nodes: the transferee ends up
 * in an active call with the target and the transferor's calls end; refusals by policy on both
 * sides leave the calls up with a reason. Prints request → target ringing of blind transfers.
 */
class TransferTest {
  private final TransferPhones phones = new TransferPhones();
  private final List<String> requests = phones.requests;

  TransferTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    phones.close();
  }

  private Phone phone(TransferPolicy policy) throws Exception {
    return phones.phone(policy);
  }

  @Test
  void blindTransferConnectsTheTransfereeToTheTargetAndEndsTheTransferorsCall() throws Exception {
    Phone alice = phone(TransferPolicy.NEVER);
    Phone bob = phone(TransferPolicy.ALWAYS);
    Phone carol = phone(TransferPolicy.NEVER);
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Call toBob = answered(alice, bob);
      Call bobsLeg = activeWith(bob, alice.id());
      TransferResult r = toBob.transfer(carol.id()).get(20, TimeUnit.SECONDS);
      assertThat(r.outcome()).isEqualTo(TransferOutcome.RINGING);
      assertThat(r.target()).isEqualTo(carol.id());
      millis.add(r.millis());
      assertThat(toBob.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.TRANSFERRED);
      assertThat(bobsLeg.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
      assertThat(bobsLeg.remoteReason()).contains(EndReason.TRANSFERRED);
      Call bobToCarol = activeWith(bob, carol.id());
      bobToCarol.mediaStarted().get(20, TimeUnit.SECONDS);
      assertThat(bobToCarol.direction()).isEqualTo(CallDirection.OUTGOING);
      assertThat(activeWith(carol, bob.id()).state()).isEqualTo(CallState.ACTIVE);
      bobToCarol.hangup();
      await().atMost(Duration.ofSeconds(10)).until(() -> carol.calls().isEmpty());
    }
    List<Long> sorted = millis.stream().sorted().toList();
    System.out.println(
        "blind transfer request -> target ringing, ms: "
            + millis
            + " median "
            + sorted.get(sorted.size() / 2));
    assertThat(requests).allMatch(s -> s.endsWith(":ACCEPTED"));
  }

  @Test
  void aTransfereeWhosePolicyRefusesSaysSoAndTheCallGoesOn() throws Exception {
    Phone alice = phone(TransferPolicy.NEVER);
    Phone bob = phone(TransferPolicy.CONTACTS); // alice is no contact of bob's
    Phone carol = phone(TransferPolicy.NEVER);
    Call toBob = answered(alice, bob);
    // asked and chained on the signaling thread, so chained before the answer can complete it: it
    // completes on the listener executor as the call's other futures, never on the signaling one
    String[] completedOn = new String[1];
    CompletableFuture<TransferResult> asked =
        alice.onSignaling(
            () ->
                alice
                    .transfers
                    .blind(toBob, carol.id())
                    .whenComplete((x, e) -> completedOn[0] = Thread.currentThread().getName()));
    TransferResult r = asked.get(20, TimeUnit.SECONDS);
    assertThat(completedOn[0]).isEqualTo("peervoice-events");
    assertThat(r.outcome()).isEqualTo(TransferOutcome.REFUSED);
    assertThat(r.reason()).isEqualTo(EndReason.REJECTED);
    assertThat(toBob.state()).isEqualTo(CallState.ACTIVE);
    // the listener hears of the request on its own executor: not ordered with the reply
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(requests)
                    .containsExactly(bob.id() + "->" + carol.id() + ":NOT_ALLOWED"));
    assertThat(carol.calls()).isEmpty();
    assertThat(bob.calls()).hasSize(1);
  }

  @Test
  void attendedTransferReplacesTheConsultationCall() throws Exception {
    Phone alice = phone(TransferPolicy.NEVER);
    Phone bob = phone(TransferPolicy.ALWAYS);
    Phone carol = phone(TransferPolicy.ALWAYS);
    Call toBob = answered(alice, bob);
    Call toCarol = answered(alice, carol);
    Call consultation = activeWith(carol, alice.id());
    TransferResult r = toBob.transferTo(toCarol).get(20, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(TransferOutcome.ANSWERED);
    assertThat(toBob.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.TRANSFERRED);
    assertThat(toCarol.ended().get(10, TimeUnit.SECONDS))
        .isIn(EndReason.TRANSFERRED, EndReason.REMOTE_HANGUP);
    assertThat(consultation.ended().get(10, TimeUnit.SECONDS))
        .isIn(EndReason.TRANSFERRED, EndReason.REMOTE_HANGUP);
    Call bobToCarol = activeWith(bob, carol.id());
    bobToCarol.mediaStarted().get(20, TimeUnit.SECONDS);
    Call carolsNew = activeWith(carol, bob.id());
    assertThat(carolsNew.direction()).isEqualTo(CallDirection.INCOMING);
    await().atMost(Duration.ofSeconds(10)).until(() -> alice.calls().isEmpty());
    assertThat(carol.calls()).containsExactly(carolsNew);
  }

  @Test
  void onlyTheReplaceTokenAnswersTheTransfereesCallAtATargetThatAnswersNothing() throws Exception {
    Phone alice = phone(TransferPolicy.NEVER);
    Phone bob = phone(TransferPolicy.ALWAYS);
    Phone carol = phones.phone(TransferPolicy.ALWAYS, false); // answers no call by itself
    Call toBob = answered(alice, bob);
    Call toCarol = alice.call(carol.id());
    Call consultation = phones.rang(carol, alice.id());
    consultation.answer();
    toCarol.mediaStarted().get(20, TimeUnit.SECONDS);
    TransferResult r = toBob.transferTo(toCarol).get(20, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(TransferOutcome.ANSWERED);
    assertThat(r.reason()).isEqualTo(EndReason.TRANSFERRED);
    // the replacing call rang like any other, nobody answered it, and it is up: the token did it
    Call carolsNew = phones.rang(carol, bob.id());
    assertThat(activeWith(carol, bob.id())).isSameAs(carolsNew);
    assertThat(consultation.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.TRANSFERRED);
    activeWith(bob, carol.id()).mediaStarted().get(20, TimeUnit.SECONDS);
    carolsNew.mediaStarted().get(20, TimeUnit.SECONDS);
    assertThat(toBob.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.TRANSFERRED);
    // alice dropped out of the consultation call too, unless carol's hang-up came first
    assertThat(toCarol.ended().get(10, TimeUnit.SECONDS))
        .isIn(EndReason.TRANSFERRED, EndReason.REMOTE_HANGUP);
    await().atMost(Duration.ofSeconds(10)).until(() -> alice.calls().isEmpty());
    assertThat(carol.calls()).containsExactly(carolsNew);
    assertThat(phones.incoming.get(carol.id())).containsExactly(consultation, carolsNew);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(phones.outcomes.get(alice.id()))
                    .extracting(TransferResult::outcome)
                    .startsWith(TransferOutcome.ACCEPTED)
                    .endsWith(TransferOutcome.ANSWERED)
                    .containsOnly(
                        TransferOutcome.ACCEPTED,
                        TransferOutcome.RINGING,
                        TransferOutcome.ANSWERED));
  }

  @Test
  void aTargetWhosePolicyRefusesReplacingFailsTheTransferAndKeepsEveryCall() throws Exception {
    Phone alice = phone(TransferPolicy.NEVER);
    Phone bob = phone(TransferPolicy.ALWAYS);
    Phone carol = phone(TransferPolicy.NEVER);
    Call toBob = answered(alice, bob);
    Call toCarol = answered(alice, carol);
    TransferResult r = toBob.transferTo(toCarol).get(20, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(TransferOutcome.FAILED);
    assertThat(r.reason()).isEqualTo(EndReason.REJECTED);
    assertThat(toBob.state()).isEqualTo(CallState.ACTIVE);
    assertThat(toCarol.state()).isEqualTo(CallState.ACTIVE);
    assertThat(carol.calls()).hasSize(1);
    assertThat(carol.refusedInvites()).isEqualTo(1);
  }
}
