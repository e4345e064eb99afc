package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two phones calling through three real rendezvous nodes on loopback: the whole stack. */
class PhoneTest {
  private final SecureRandom random = new SecureRandom();
  private PhoneLab lab;

  @BeforeEach
  void overlay() throws Exception {
    lab = new PhoneLab();
  }

  /** A media clock owned by the test, counting the periodic tasks phones put on it. */
  static final class CountingClock extends java.util.concurrent.ScheduledThreadPoolExecutor {
    final java.util.concurrent.atomic.AtomicInteger ticksScheduled =
        new java.util.concurrent.atomic.AtomicInteger();

    CountingClock() {
      super(1);
    }

    @Override
    public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      ticksScheduled.incrementAndGet();
      return super.scheduleAtFixedRate(command, initialDelay, period, unit);
    }
  }

  private final CountingClock clock = new CountingClock();

  @AfterEach
  void close() throws Exception {
    try {
      lab.close();
    } finally {
      clock.shutdownNow();
    }
  }

  /** Records every event of a call. */
  static class Events extends CallListener {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Character> digits = new CopyOnWriteArrayList<>();
    final boolean autoAnswer;

    Events(boolean autoAnswer) {
      this.autoAnswer = autoAnswer;
    }

    @Override
    public void onRinging(Call call) {
      seen.add("ringing");
      if (autoAnswer && call.direction() == CallDirection.INCOMING) {
        call.answer();
      }
    }

    @Override
    public void onAnswered(Call call) {
      seen.add("answered");
    }

    @Override
    public void onMediaStarted(Call call) {
      seen.add("media");
    }

    @Override
    public void onRemoteHold(Call call, boolean held) {
      seen.add(held ? "held" : "resumed");
    }

    @Override
    public void onDtmf(Call call, char digit) {
      digits.add(digit);
    }

    @Override
    public void onEnded(Call call, EndReason reason) {
      seen.add("ended:" + reason);
    }
  }

  private Phone phone(Identity id, Events events, PcmRecorder heard, boolean speak)
      throws Exception {
    return phone(id, events, heard, speak, CallWaiting.RING);
  }

  private Phone phone(
      Identity id, Events events, PcmRecorder heard, boolean speak, CallWaiting waiting)
      throws Exception {
    return lab.phone(
        id,
        b ->
            b.callWaiting(waiting)
                .audioSource(
                    call ->
                        speak
                            ? LoopingSource.forever(SpeechSample.load())
                            : io.peervoice.media.audio.AudioSource.silence())
                .audioSink(call -> heard)
                .listeners(call -> events));
  }

  @Test
  void aCallRingsIsAnsweredCarriesSpeechAndDtmfHoldsAndHangsUp() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Events aliceEvents = new Events(false);
    Events bobEvents = new Events(true);
    PcmRecorder bobHeard = new PcmRecorder(30);
    Phone a = phone(alice, aliceEvents, new PcmRecorder(30), true);
    Phone b = phone(bob, bobEvents, bobHeard, false);

    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.calls().size() == 1);
    Call incoming = b.calls().get(0);
    incoming.mediaStarted().get(10, TimeUnit.SECONDS);
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(incoming.peer()).isEqualTo(alice.peerId());

    CallStats stats = call.stats();
    assertThat(stats.dialToRingingMillis()).isBetween(0L, 5_000L);
    assertThat(stats.answerToFirstAudioMillis()).isBetween(0L, 5_000L);
    assertThat(stats.lookupMillis()).as("dial to bob's record found").isBetween(0L, 5_000L);
    assertThat(stats.inviteMillis()).as("record found to invite delivered").isBetween(0L, 5_000L);
    assertThat(stats.answerToFirstPacketMillis())
        .as("the first packet arrives before its frame plays")
        .isBetween(0L, stats.answerToFirstAudioMillis());
    assertThat(incoming.stats().lookupMillis()).as("the callee looked nothing up").isEqualTo(-1);
    assertThat(incoming.stats().inviteMillis()).isEqualTo(-1);
    assertThat(stats.media().orElseThrow().srtpProfile())
        .as("GCM is preferred")
        .isEqualTo(SrtpProfile.AEAD_AES_128_GCM);

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> bobHeard.clip().samples().length >= 48_000 * 3);
    var similarity =
        io.peervoice.media.audio.EnvelopeSimilarity.compare(
            SpeechSample.load(), bobHeard.clip(), 2_000);
    assertThat(similarity.correlation()).as("bob heard alice's speech").isGreaterThan(0.6);

    call.sendDtmf("12#");
    incoming.sendDtmf("9");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(bobEvents.digits).containsExactly('1', '2', '#');
              assertThat(aliceEvents.digits).containsExactly('9');
            });

    call.hold();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> bobEvents.seen.contains("held"));
    assertThat(call.stats().onHold()).isTrue();
    call.resume();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> bobEvents.seen.contains("resumed"));

    call.hangup();
    assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.LOCAL_HANGUP);
    assertThat(incoming.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(aliceEvents.seen)
                  .containsSubsequence("ringing", "answered", "media", "ended:LOCAL_HANGUP");
              assertThat(bobEvents.seen)
                  .containsSubsequence(
                      "ringing", "answered", "media", "held", "resumed", "ended:REMOTE_HANGUP");
            });
    assertThat(a.calls()).isEmpty();
  }

  @Test
  void aDeclinedCallAndABusyPhoneEndTheCallerWithTheirReason() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone a = phone(alice, new Events(false), new PcmRecorder(5), false);
    Events bobEvents =
        new Events(false) {
          @Override
          public void onRinging(Call call) {
            super.onRinging(call);
            call.decline();
          }
        };
    phone(bob, bobEvents, new PcmRecorder(5), false);
    Call call = a.call(bob.peerId());
    assertThat(call.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.DECLINED);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> bobEvents.seen.contains("ended:DECLINED"));
  }

  @Test
  void callingSomeoneNotOnTheOverlayEndsUnreachable() throws Exception {
    Phone a = phone(Identity.generate(random), new Events(false), new PcmRecorder(5), false);
    Call call = a.call(Identity.generate(random).peerId());
    assertThat(call.ended().get(15, TimeUnit.SECONDS)).isEqualTo(EndReason.UNREACHABLE);
    assertThatThrownBy(() -> a.call(a.id())).hasMessageContaining("cannot call itself");
    assertThatThrownBy(() -> call.sendDtmf("1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void whenBothCallEachOtherAtOnceOneCallSurvivesAndTheOtherEndsInGlare() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone a = phone(alice, new Events(false), new PcmRecorder(5), false);
    Phone b = phone(bob, new Events(false), new PcmRecorder(5), false);
    Call fromAlice = a.call(bob.peerId());
    Call fromBob = b.call(alice.peerId());
    Call loser = fromAlice.id().compareTo(fromBob.id()) < 0 ? fromBob : fromAlice;
    Call winner = loser == fromAlice ? fromBob : fromAlice;
    assertThat(loser.ended().get(15, TimeUnit.SECONDS)).isEqualTo(EndReason.GLARE);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> winner.state() == CallState.RINGING);
    Phone other = winner == fromAlice ? b : a;
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> other.calls().stream().anyMatch(c -> c.id().equals(winner.id())));
    assertThat(other.calls()).hasSize(1);
  }

  @Test
  void aPhoneWithoutCallWaitingAnswersASecondCallerBusy() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Identity carol = Identity.generate(random);
    Phone a = phone(alice, new Events(false), new PcmRecorder(5), false);
    phone(bob, new Events(false), new PcmRecorder(5), false, CallWaiting.BUSY);
    Phone c = phone(carol, new Events(false), new PcmRecorder(5), false);
    Call first = c.call(bob.peerId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> first.state() == CallState.RINGING);
    Call second = a.call(bob.peerId());
    assertThat(second.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
    assertThat(first.state()).isEqualTo(CallState.RINGING);
  }

  @Test
  void anEstablishedCallSurvivesTheLossOfEveryRendezvousNode() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone a = phone(alice, new Events(false), new PcmRecorder(30), true);
    PcmRecorder bobHeard = new PcmRecorder(30);
    Events bobEvents = new Events(true);
    Phone b = phone(bob, bobEvents, bobHeard, false);
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.calls().size() == 1);
    Call incoming = b.calls().get(0);
    incoming.mediaStarted().get(10, TimeUnit.SECONDS);

    lab.stopNodes();
    long framesAtLoss = incoming.stats().media().orElseThrow().receive().framesDecoded();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                incoming.stats().media().orElseThrow().receive().framesDecoded()
                    >= framesAtLoss + 150);
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(incoming.state()).isEqualTo(CallState.ACTIVE);
    call.sendDtmf("5");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> bobEvents.digits.contains('5'));
  }

  @Test
  void aNetworkChangeRestartsIceThroughTheCallProtocolAndAudioGoesOn() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    var addresses =
        new java.util.concurrent.atomic.AtomicReference<java.util.Set<InetAddress>>(
            java.util.Set.of(InetAddress.getByName("192.0.2.50")));
    Phone a =
        lab.phone(
            alice,
            c ->
                c.audioSource(call -> LoopingSource.forever(SpeechSample.load()))
                    .networkMonitor(Duration.ofMillis(50), addresses::get)
                    .mediaClock(clock));
    PcmRecorder bobHeard = new PcmRecorder(30);
    Phone b = phone(bob, new Events(true), bobHeard, false);
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.calls().size() == 1);
    Call incoming = b.calls().get(0);
    incoming.mediaStarted().get(10, TimeUnit.SECONDS);

    addresses.set(java.util.Set.of(InetAddress.getByName("192.0.2.51")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> call.stats().iceRestarts() == 1 && incoming.stats().iceRestarts() == 1);
    long after = incoming.stats().media().orElseThrow().receive().framesDecoded();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> incoming.stats().media().orElseThrow().receive().framesDecoded() >= after + 50);
    var rx = incoming.stats().media().orElseThrow().receive();
    assertThat(rx.srtpRejectedTotal()).as("SRTP state kept across the restart").isZero();
    assertThat(rx.playout().buffer().ssrcChanges()).isZero();
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(clock.ticksScheduled.get())
        .as("alice's media ran on the injected clock")
        .isPositive();
  }

  @Test
  void withCallWaitingASecondCallRingsDuringAnActiveOne() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Identity carol = Identity.generate(random);
    Events bobEvents = new Events(false);
    Phone a = phone(alice, new Events(false), new PcmRecorder(5), false);
    Phone b = phone(bob, bobEvents, new PcmRecorder(5), false, CallWaiting.RING);
    Phone c = phone(carol, new Events(false), new PcmRecorder(5), false);
    Call first = c.call(bob.peerId());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.calls().size() == 1);
    b.calls().get(0).answer();
    first.mediaStarted().get(10, TimeUnit.SECONDS);

    Call second = a.call(bob.peerId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> second.state() == CallState.RINGING);
    assertThat(b.calls()).hasSize(2);
    Call waiting =
        b.calls().stream().filter(x -> x.peer().equals(alice.peerId())).findFirst().orElseThrow();
    Call withCarol =
        b.calls().stream().filter(x -> x.peer().equals(carol.peerId())).findFirst().orElseThrow();
    withCarol.hold();
    waiting.answer();
    second.mediaStarted().get(10, TimeUnit.SECONDS);
    assertThat(first.state()).isEqualTo(CallState.ACTIVE);
    assertThat(withCarol.stats().onHold()).isTrue();
    assertThat(bobEvents.seen.stream().filter(e -> e.equals("ringing"))).hasSize(2);
  }

  @Test
  void closingAPhoneHangsUpItsCallsAndThePeerHearsIt() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone a = phone(alice, new Events(false), new PcmRecorder(5), false);
    Phone b = phone(bob, new Events(true), new PcmRecorder(5), false);
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.calls().size() == 1);
    Call incoming = b.calls().get(0);
    a.close();
    assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.LOCAL_HANGUP);
    assertThat(incoming.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
  }

  @Test
  void aListenerThatThrowsNeverBreaksTheCall() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Events throwing =
        new Events(true) {
          @Override
          public void onRinging(Call call) {
            super.onRinging(call);
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onMediaStarted(Call call) {
            throw new IllegalStateException("listener bug");
          }
        };
    Phone a = phone(alice, new Events(false), new PcmRecorder(5), true);
    phone(bob, throwing, new PcmRecorder(5), false);
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    call.hangup();
    assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.LOCAL_HANGUP);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> throwing.seen.contains("ended:REMOTE_HANGUP"));
  }

  @Test
  void aPeerDescriptionWithABadPayloadTypeEndsTheCallWithAReasonOnBothSides() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone a = phone(alice, new Events(false), new PcmRecorder(5), false);
    Phone b = phone(bob, new Events(false), new PcmRecorder(5), false);
    List<InetSocketAddress> nowhere = List.of(new InetSocketAddress("127.0.0.1", 9));

    ForgedPeer fakeCallee = lab.forged();
    Call call = a.call(fakeCallee.id());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fakeCallee.received.stream().anyMatch(m -> m instanceof CallMessage.Invite));
    fakeCallee.send(
        alice.peerId(), new CallMessage.Ringing(call.id(), 0, ForgedPeer.description(5, nowhere)));
    // an unusable description is refused (issue 12): REJECTED here, HANGUP(REJECTED) to the peer
    assertThat(call.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.REJECTED);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                fakeCallee.received.stream()
                    .anyMatch(
                        m ->
                            m instanceof CallMessage.Hangup h && h.reason() == EndReason.REJECTED));

    ForgedPeer fakeCaller = lab.forged();
    CallMessage.Invite bad = fakeCaller.invite(bob.peerId(), ForgedPeer.description(5, nowhere));
    fakeCaller.send(bob.peerId(), bad);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fakeCaller.received)
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .isEqualTo(
                                    new CallMessage.Cancel(bad.callId(), 0, EndReason.REJECTED))));
    assertThat(b.calls()).isEmpty();
    assertThat(b.incomingStats().refusedByGuard()).isEqualTo(1);

    CallMessage.Invite fine = fakeCaller.invite(bob.peerId(), ForgedPeer.description(111, nowhere));
    CallMessage.Invite weak =
        new CallMessage.Invite(
            fine.callId(),
            0,
            fine.callee(),
            fine.timestampMillis(),
            java.util.HexFormat.of()
                .parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
            fine.profiles(),
            fine.offer());
    fakeCaller.send(bob.peerId(), weak);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fakeCaller.received)
                    .as("a share of order 8 is refused on arrival")
                    .contains(new CallMessage.Cancel(weak.callId(), 0, EndReason.REJECTED)));
    assertThat(b.calls()).isEmpty();
    assertThat(b.incomingStats().refusedByGuard()).isEqualTo(2);
  }

  @Test
  void aSignalingTaskThatThrowsIsLoggedAndEndsItsCallWithAReasonOnBothSides() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone a = phone(alice, new Events(false), new PcmRecorder(5), true);
    Events bobEvents = new Events(true);
    Phone b =
        lab.phone(
            bob,
            c ->
                c.audioSink(
                        call -> {
                          throw new AssertionError("a bug in the sink factory");
                        })
                    .listeners(call -> bobEvents));
    Call call = a.call(bob.peerId());
    assertThat(call.ended().get(20, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> bobEvents.seen.contains("ended:ERROR"));
    assertThat(b.incomingStats().signalingFailures()).isEqualTo(1);
    assertThat(b.calls()).isEmpty();
  }
}
