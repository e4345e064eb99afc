package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.TransferOutcome;
import io.peervoice.signaling.call.TransferPolicy;
import io.peervoice.signaling.call.TransferResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S5 xfer: blind and attended transfer in process through three real nodes: the transferee ends up
 * in an active call with the target and the transferor's calls end; refusals by policy on both
 * sides leave the calls up with a reason. Prints request → target ringing of blind transfers.
 */
class TransferTest {
  private final SecureRandom random = new SecureRandom();
  private final PhoneLab lab = new PhoneLab();

  /** Incoming calls each phone answered, by phone, newest last. */
  private final Map<PeerId, List<Call>> incoming = new ConcurrentHashMap<>();

  private final List<String> requests = new CopyOnWriteArrayList<>();

  TransferTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  private Phone phone(TransferPolicy policy) throws Exception {
    Identity id = Identity.generate(random);
    incoming.put(id.peerId(), new CopyOnWriteArrayList<>());
    return lab.phone(
        id,
        b ->
            b.audioSource(call -> AudioSource.silence())
                .audioSink(call -> (AudioSink) frame -> {})
                .transfers(policy)
                .listeners(
                    call ->
                        new CallListener() {
                          @Override
                          public void onRinging(Call c) {
                            if (c.direction() == CallDirection.INCOMING
                                && c.state() == CallState.RINGING) {
                              incoming.get(id.peerId()).add(c);
                              c.answer();
                            }
                          }

                          @Override
                          public void onTransferRequested(Call c, PeerId target, boolean accepted) {
                            requests.add(id.peerId() + "->" + target + ":" + accepted);
                          }
                        }));
  }

  private static Call answered(Phone from, Phone to) throws Exception {
    Call c = from.call(to.id());
    c.mediaStarted().get(20, TimeUnit.SECONDS);
    return c;
  }

  /** The newest call of {@code phone} with {@code peer}, once active. */
  private static Call activeWith(Phone phone, PeerId peer) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                phone.calls().stream()
                    .filter(c -> c.peer().equals(peer) && c.state() == CallState.ACTIVE)
                    .findFirst()
                    .orElse(null),
            c -> c != null);
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
    assertThat(requests).allMatch(s -> s.endsWith(":true"));
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
            () -> assertThat(requests).containsExactly(bob.id() + "->" + carol.id() + ":false"));
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
