package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.Presence;
import io.peervoice.signaling.call.PresenceDesk;
import io.peervoice.signaling.call.PresencePolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S6 presence: probes and do not disturb between real phones through three real nodes. A probe
 * never rings; a phone answers only whom its policy allows, within its rate; everything else
 * (offline, not allowed, over the rate) is UNKNOWN after the timeout; a call to a phone set to do
 * not disturb ends BUSY with that remote reason.
 */
class PresenceTest {
  /** For askers that expect no answer: the wait they all make. */
  private static final Duration TIMEOUT = Duration.ofMillis(800);

  /** For askers that expect answers: long, so a loaded machine cannot turn one into UNKNOWN. */
  private static final Duration PATIENT = Duration.ofSeconds(10);

  private final SecureRandom random = new SecureRandom();
  private final PhoneLab lab = new PhoneLab();
  private final List<Call> rang = new CopyOnWriteArrayList<>();

  PresenceTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  private Phone phone(Duration wait, Identity id, PresencePolicy policy, PeerId... contacts)
      throws Exception {
    return lab.phone(
        id,
        b ->
            b.presence(policy)
                .contacts(Set.of(contacts))
                .probeTimeout(wait)
                .listeners(
                    call ->
                        new CallListener() {
                          @Override
                          public void onRinging(Call c) {
                            if (c.direction() == CallDirection.INCOMING) {
                              rang.add(c);
                              c.answer();
                            }
                          }
                        }));
  }

  private Phone phone(Duration wait, PresencePolicy policy, PeerId... contacts) throws Exception {
    return phone(wait, Identity.generate(random), policy, contacts);
  }

  private Phone phone(PresencePolicy policy, PeerId... contacts) throws Exception {
    return phone(TIMEOUT, policy, contacts);
  }

  private static long refused(Phone phone) {
    return phone.probes.count(PresenceDesk.Verdict.NOT_ALLOWED);
  }

  private static Presence probe(Phone from, PeerId peer) throws Exception {
    return from.probe(peer).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anOnlinePhoneThatAnswersEveryoneIsReachableAndNothingRings() throws Exception {
    Phone alice = phone(PATIENT, PresencePolicy.NOBODY);
    Phone bob = phone(PresencePolicy.EVERYONE);
    Presence p = probe(alice, bob.id());
    assertThat(p.peer()).isEqualTo(bob.id());
    assertThat(p.status()).isEqualTo(Presence.Status.REACHABLE);
    bob.setDoNotDisturb(true);
    Presence dnd = probe(alice, bob.id());
    assertThat(dnd.status()).isEqualTo(Presence.Status.DO_NOT_DISTURB);
    System.out.println(
        "probe -> answer, ms: first "
            + p.elapsed().toMillis()
            + ", second "
            + dnd.elapsed().toMillis());
    assertThat(bob.calls()).isEmpty();
    assertThat(rang).isEmpty();
    // review: what the application chains on a probe runs on the listener executor, as for calls
    String chainedOn =
        alice
            .probe(bob.id())
            .thenApply(x -> Thread.currentThread().getName())
            .get(10, TimeUnit.SECONDS);
    assertThat(chainedOn).doesNotStartWith("peervoice-signaling");
    assertThatThrownBy(() -> alice.probe(alice.id())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void notAllowedAndOfflineAreUnknownAfterTheTimeout() throws Exception {
    Phone alice = phone(PATIENT, PresencePolicy.NOBODY);
    Phone carol = phone(PresencePolicy.NOBODY);
    Phone dave = phone(PresencePolicy.NOBODY);
    Phone bob = phone(PresencePolicy.CONTACTS, alice.id()); // the default policy
    Phone hermit = phone(PresencePolicy.NOBODY, dave.id());
    assertThat(probe(alice, bob.id()).status()).isEqualTo(Presence.Status.REACHABLE);
    Presence stranger = probe(carol, bob.id());
    assertThat(stranger.status()).isEqualTo(Presence.Status.UNKNOWN);
    assertThat(stranger.elapsed()).isGreaterThanOrEqualTo(TIMEOUT);
    assertThat(probe(dave, hermit.id()).status()).isEqualTo(Presence.Status.UNKNOWN);
    PeerId offline = Identity.generate(random).peerId();
    Presence nobodyThere = probe(dave, offline);
    assertThat(nobodyThere.status()).isEqualTo(Presence.Status.UNKNOWN);
    assertThat(nobodyThere.elapsed()).isGreaterThanOrEqualTo(TIMEOUT);
    // each refused its probe (and said nothing), though the asker cannot tell
    await().atMost(Duration.ofSeconds(10)).until(() -> refused(bob) == 1 && refused(hermit) == 1);
  }

  @Test
  void aRefusedAskerHearsNothingAndAnAnswerCarriesNoAddress() throws Exception {
    ForgedPeer mallory = lab.forged();
    Phone hermit = phone(PresencePolicy.NOBODY);
    Phone open = phone(PresencePolicy.EVERYONE);
    CallId toHermit = CallId.random(random);
    mallory.send(hermit.id(), probe(toHermit, hermit.id()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> hermit.probes.count(PresenceDesk.Verdict.NOT_ALLOWED) == 1);
    CallId toOpen = CallId.random(random);
    mallory.send(open.id(), probe(toOpen, open.id()));
    // a probe naming someone else is not answered either
    mallory.send(open.id(), probe(CallId.random(random), hermit.id()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> open.probes.count(PresenceDesk.Verdict.RETARGETED) == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> !mallory.received.isEmpty());
    assertThat(mallory.received)
        .singleElement()
        .isEqualTo(new CallMessage.PresenceAnswer(toOpen, 0, false)); // its only field: DND
  }

  private static CallMessage.PresenceProbe probe(CallId id, PeerId target) {
    return new CallMessage.PresenceProbe(id, 0, target.bytes(), System.currentTimeMillis());
  }

  @Test
  void anAskerGetsThreeAnswersThenUnknownWhileOthersStillGetAnswers() throws Exception {
    // long enough for three answers on a loaded machine; the fourth waits it out
    Phone alice = phone(Duration.ofSeconds(2), PresencePolicy.NOBODY);
    Phone carol = phone(PATIENT, PresencePolicy.NOBODY);
    Phone bob = phone(PresencePolicy.EVERYONE);
    for (int i = 0; i < PresenceDesk.PER_ASKER.invites(); i++) {
      assertThat(probe(alice, bob.id()).status()).isEqualTo(Presence.Status.REACHABLE);
    }
    assertThat(probe(alice, bob.id()).status()).isEqualTo(Presence.Status.UNKNOWN);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bob.probes.count(PresenceDesk.Verdict.OVER_RATE) == 1);
    assertThat(probe(carol, bob.id()).status()).isEqualTo(Presence.Status.REACHABLE);
  }

  @Test
  void aCallToAPhoneSetToDoNotDisturbEndsBusySayingSo() throws Exception {
    Phone alice = phone(PresencePolicy.NOBODY);
    Phone stranger = phone(PresencePolicy.NOBODY);
    Phone bob = // the default policy (CONTACTS), alice a contact
        lab.phone(
            Identity.generate(random),
            b ->
                b.doNotDisturb(true)
                    .contacts(Set.of(alice.id()))
                    .listeners(call -> new CallListener() {}));
    assertThat(bob.doNotDisturb()).isTrue();
    Call call = alice.call(bob.id());
    assertThat(call.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
    assertThat(call.remoteReason()).contains(EndReason.DO_NOT_DISTURB);
    // review: whom the presence policy does not answer hears a plain busy, not the DND state
    Call strangers = stranger.call(bob.id());
    assertThat(strangers.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
    assertThat(strangers.remoteReason()).isEmpty();
    assertThat(bob.calls()).isEmpty();
    assertThat(bob.refusedInvites()).isZero(); // not counted as abuse

    Phone carol = phone(PresencePolicy.NOBODY);
    carol.setDoNotDisturb(true);
    carol.setDoNotDisturb(false);
    Call rings = alice.call(carol.id());
    rings.mediaStarted().get(20, TimeUnit.SECONDS);
    assertThat(rang).hasSize(1);
    rings.hangup();
    assertThat(rings.remoteReason()).isEmpty();
  }
}
