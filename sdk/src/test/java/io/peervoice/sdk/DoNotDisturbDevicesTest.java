package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.Presence;
import io.peervoice.signaling.call.PresencePolicy;
import io.peervoice.testkit.FakeTimers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S7 tel: do not disturb on one of several devices of an identity, with real phones through three
 * real nodes ({@code docs/presence.md}, "Do not disturb on several devices"). A device set to do
 * not disturb stays silent while others of its identity are online and answers BUSY late, so the
 * others ring and can answer; with every device set to do not disturb the caller still ends
 * BUSY/DO_NOT_DISTURB. Each refusal raises a {@link MissedCall} with {@link
 * MissedCall.Reason#DO_NOT_DISTURB} on the refusing device. The presence policy changes at run
 * time.
 */
class DoNotDisturbDevicesTest {
  private final SecureRandom random = new SecureRandom();
  private final PhoneLab lab = new PhoneLab();
  private final Gate gate = new Gate();
  private final FakeTimers late = new FakeTimers(); // S8 tel: the 3 s and the grace, not waited

  DoNotDisturbDevicesTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    gate.open();
    lab.close();
    gate.shutdownNow();
  }

  /**
   * A signaling scheduler whose thread holds every task while closed: a device whose invite is held
   * here cannot ring before the test lets it, whatever the overlay's timing.
   */
  static final class Gate extends ScheduledThreadPoolExecutor {
    private volatile CountDownLatch latch = new CountDownLatch(0);

    Gate() {
      super(1, SignalingThread.daemon("gated-signaling"));
    }

    void close() {
      latch = new CountDownLatch(1);
    }

    void open() {
      latch.countDown();
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Phone phone(
      Identity id,
      boolean dnd,
      List<MissedCall> missed,
      java.util.function.UnaryOperator<PhoneConfig.Builder> more)
      throws Exception {
    Phone p =
        lab.phone(
            id,
            b ->
                more.apply(
                    b.keepalive(Duration.ofMillis(250)) // devices learn of each other fast
                        .doNotDisturb(dnd)
                        .listeners(call -> new PhoneTest.Events(false))));
    p.onMissedCall(missed::add);
    p.probes
        .quiet()
        .timer(
            (millis, task) ->
                late.schedule(() -> p.thread().execute(task), millis, TimeUnit.MILLISECONDS));
    return p;
  }

  private static void bothSeeTwo(Phone a, Phone b) {
    await().atMost(Duration.ofSeconds(5)).until(() -> a.devices() == 2 && b.devices() == 2);
  }

  /**
   * The DND device's invite is handled first (the other device's signaling thread is held until
   * then): before S7 it answered BUSY at once and the caller ended BUSY, the other device never
   * heard. Now it waits, the other device rings and answers. S8 tel: the caller's
   * CANCEL(ANSWERED_ELSEWHERE), sent at the answer (S8 review: even though only the answering
   * device was heard from), saves the late BUSY, and the DND device raises no refused call (before
   * S8 it did, though the call was taken).
   */
  @Test
  void oneDeviceSetToDoNotDisturbLetsTheOtherRingAndAnswer() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone caller = phone(alice, false, new CopyOnWriteArrayList<>(), b -> b);
    List<MissedCall> quietSaw = new CopyOnWriteArrayList<>();
    Phone quiet = phone(bob, true, quietSaw, b -> b.contacts(Set.of(alice.peerId())));
    Phone ringing = phone(bob, false, new CopyOnWriteArrayList<>(), b -> b.signalingExecutor(gate));
    bothSeeTwo(quiet, ringing);

    gate.close();
    Call call = caller.call(bob.peerId());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(quiet.probes.quiet().waiting())
                    .as("the DND device holds its BUSY back (the call is %s)", call.state())
                    .isEqualTo(1));
    assertThat(call.state()).isNotEqualTo(CallState.ENDED);
    gate.open();

    await().atMost(Duration.ofSeconds(10)).until(() -> ringing.calls().size() == 1);
    Call rings = ringing.calls().get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> call.state() == CallState.RINGING);
    rings.answer();
    await().atMost(Duration.ofSeconds(10)).until(() -> call.state() == CallState.ACTIVE);

    assertThat(quiet.probes.quiet().answered()).as("still holding its BUSY").isZero();
    // S8 review: the caller tells every device at the answer, so the held BUSY is never sent
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> quiet.probes.quiet().answeredElsewhere() == 1);
    assertThat(quiet.probes.quiet().waiting()).isZero();
    late.advanceMillis(QuietAnswers.LATE_MILLIS + QuietAnswers.GRACE_MILLIS * 2);
    assertThat(quiet.probes.quiet().answered()).as("no late BUSY for a call taken").isZero();
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(rings.state()).isEqualTo(CallState.ACTIVE);
    assertThat(quiet.calls()).as("nothing rang on the DND device").isEmpty();
    assertThat(quietSaw).as("answered on the other device: no refused call raised").isEmpty();
    call.hangup();
  }

  /**
   * S8 review: the other device rings on past the late BUSY and its grace, and is answered 20 s
   * (fake) later. The refusal waits for the caller's CANCEL however late it comes: the caller's
   * CANCEL(ANSWERED_ELSEWHERE) drops it, and nothing is raised on the DND device (with S8's first 2
   * s grace it was raised 5 s after the invite, though the call was then answered).
   */
  @Test
  void aCallAnsweredOnAnotherDeviceLongAfterTheLateBusyIsNotRaised() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone caller = phone(alice, false, new CopyOnWriteArrayList<>(), b -> b);
    List<MissedCall> quietSaw = new CopyOnWriteArrayList<>();
    Phone quiet = phone(bob, true, quietSaw, b -> b.contacts(Set.of(alice.peerId())));
    Phone ringing = phone(bob, false, new CopyOnWriteArrayList<>(), b -> b);
    bothSeeTwo(quiet, ringing);

    Call call = caller.call(bob.peerId());
    await().atMost(Duration.ofSeconds(10)).until(() -> ringing.calls().size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> call.state() == CallState.RINGING);
    await().atMost(Duration.ofSeconds(10)).until(() -> quiet.probes.quiet().waiting() == 1);
    late.advanceMillis(QuietAnswers.LATE_MILLIS);
    await().atMost(Duration.ofSeconds(10)).until(() -> quiet.probes.quiet().refusing() == 1);
    late.advanceMillis(QuietAnswers.GRACE_MILLIS + 20_000);
    assertThat(quiet.probes.quiet().answered()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(quiet.probes.quiet().refusing())
                    .as("still waiting for the caller's word")
                    .isEqualTo(1));
    assertThat(call.state())
        .as("the late BUSY is ignored while the other rings")
        .isEqualTo(CallState.RINGING);

    ringing.calls().get(0).answer();
    await().atMost(Duration.ofSeconds(10)).until(() -> call.state() == CallState.ACTIVE);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> quiet.probes.quiet().answeredElsewhere() == 1);
    late.advanceMillis(200_000); // past any bound: nothing is left to raise
    assertThat(quiet.probes.quiet().refusing()).isZero();
    assertThat(quietSaw).as("answered on the other device: no refused call raised").isEmpty();
    call.hangup();
  }

  /** Every device set to do not disturb: the caller ends BUSY/DO_NOT_DISTURB, both raise it. */
  @Test
  void bothDevicesSetToDoNotDisturbEndTheCallBusyWithTheReason() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone caller = phone(alice, false, new CopyOnWriteArrayList<>(), b -> b);
    List<MissedCall> firstSaw = new CopyOnWriteArrayList<>();
    List<MissedCall> secondSaw = new CopyOnWriteArrayList<>();
    Phone first = phone(bob, true, firstSaw, b -> b.contacts(Set.of(alice.peerId())));
    Phone second = phone(bob, true, secondSaw, b -> b.contacts(Set.of(alice.peerId())));
    bothSeeTwo(first, second);

    Call call = caller.call(bob.peerId());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> first.probes.quiet().waiting() == 1 && second.probes.quiet().waiting() == 1);
    assertThat(call.state()).isNotEqualTo(CallState.ENDED);
    late.advanceMillis(QuietAnswers.LATE_MILLIS);
    assertThat(call.ended().get(15, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
    assertThat(call.remoteReason()).contains(EndReason.DO_NOT_DISTURB);
    late.advanceMillis(QuietAnswers.GRACE_MILLIS); // the device the call ended on hears no more
    await().atMost(Duration.ofSeconds(10)).until(() -> firstSaw.size() + secondSaw.size() == 2);
    for (List<MissedCall> saw : List.of(firstSaw, secondSaw)) {
      assertThat(saw).singleElement().satisfies(m -> assertThat(m.callId()).isEqualTo(call.id()));
      assertThat(saw.get(0).reason()).isEqualTo(MissedCall.Reason.DO_NOT_DISTURB);
    }
    assertThat(first.calls()).isEmpty();
    assertThat(second.calls()).isEmpty();
  }

  /**
   * {@link Phone#setPresencePolicy} at run time: a stranger hears a plain BUSY from a DND phone
   * under CONTACTS, then the reason and a probe's answer once the policy is EVERYONE. The one
   * device answers at once and raises the refused call too.
   */
  @Test
  void thePresencePolicyChangesAtRunTime() throws Exception {
    Identity stranger = Identity.generate(random);
    Phone caller = phone(stranger, false, new CopyOnWriteArrayList<>(), b -> b);
    List<MissedCall> saw = new CopyOnWriteArrayList<>();
    Phone dnd = phone(Identity.generate(random), true, saw, b -> b);
    PeerId bob = dnd.id();

    Call first = caller.call(bob);
    assertThat(first.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
    assertThat(first.remoteReason()).as("CONTACTS: a stranger is not told").isEmpty();

    dnd.setPresencePolicy(PresencePolicy.EVERYONE);
    Call second = caller.call(bob);
    assertThat(second.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
    assertThat(second.remoteReason()).contains(EndReason.DO_NOT_DISTURB);
    assertThat(caller.probe(bob).get(10, TimeUnit.SECONDS).status())
        .isEqualTo(Presence.Status.DO_NOT_DISTURB);
    await().atMost(Duration.ofSeconds(5)).until(() -> saw.size() == 2);
    assertThat(saw)
        .extracting(MissedCall::callId)
        .as("both refusals raised, whatever the caller was told")
        .containsExactly(first.id(), second.id());
  }
}
