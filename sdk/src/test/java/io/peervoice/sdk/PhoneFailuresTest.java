package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallKeys;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures never vanish (issue 12, item 4), over three real nodes and real phones: a peer's
 * description that cannot be used is refused with a typed reason on both sides, a signaling task
 * that throws is logged and ends its call, a listener that throws is logged and the call goes on,
 * and executors the application gives the phone run its work and outlive it. A call whose media
 * fails to close as it ends still leaves the phone: kept, an ended call held one of {@link
 * PhoneConfig#maxCalls()} for good and every later call was answered BUSY.
 */
class PhoneFailuresTest {
  private static final InetSocketAddress DISCARD =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

  private final SecureRandom random = new SecureRandom();
  private PhoneLab lab;
  private LogCapture logs;

  @BeforeEach
  void overlay() throws Exception {
    lab = new PhoneLab();
    logs = lab.add(new LogCapture());
  }

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  private static <T extends CallMessage> T awaitReceived(ForgedPeer peer, Class<T> type) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(peer.received).anyMatch(type::isInstance));
    return peer.received.stream().filter(type::isInstance).map(type::cast).findFirst().get();
  }

  @Test
  void anOfferWithANonDynamicPayloadTypeIsRefusedWithRejected() throws Exception {
    Identity bobId = Identity.generate(random);
    Phone bob = lab.phone(bobId, b -> b);
    ForgedPeer mallory = lab.forged();

    mallory.send(
        bobId.peerId(),
        mallory.invite(bobId.peerId(), ForgedPeer.description(5, List.of(DISCARD))));

    CallMessage.Cancel refusal = awaitReceived(mallory, CallMessage.Cancel.class);
    assertThat(refusal.reason()).isEqualTo(EndReason.REJECTED);
    assertThat(bob.calls()).as("nothing rang").isEmpty();
    assertThat(bob.incomingStats().refusedByGuard()).isEqualTo(1);
    assertThat(bob.incomingStats().admitted()).isZero();
  }

  @Test
  void anAnswerWithANonDynamicPayloadTypeEndsTheCallWithRejectedOnBothSides() throws Exception {
    Phone alice = lab.phone(Identity.generate(random), b -> b);
    ForgedPeer mallory = lab.forged();

    Call call = alice.call(mallory.id());
    CallMessage.Invite invite = awaitReceived(mallory, CallMessage.Invite.class);
    mallory.send(
        alice.id(),
        new CallMessage.Answer(
            invite.callId(),
            0,
            CallKeys.generate(random).share(),
            "AEAD_AES_128_GCM",
            ForgedPeer.description(5, List.of(DISCARD))));

    assertThat(call.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.REJECTED);
    assertThat(call.state()).isEqualTo(CallState.ENDED);
    assertThatThrownBy(() -> call.mediaStarted().get(1, TimeUnit.SECONDS))
        .as("media never started, and the future says so")
        .isInstanceOf(ExecutionException.class);
    CallMessage.Hangup told = awaitReceived(mallory, CallMessage.Hangup.class);
    assertThat(told.reason()).as("the peer hears the same reason").isEqualTo(EndReason.REJECTED);
    assertThat(logs.lines())
        .anyMatch(l -> l.contains(call.id().toString()) && l.contains("unusable description"));
    assertThat(alice.incomingStats().signalingFailures()).as("a refusal, not a failure").isZero();
  }

  @Test
  void aSignalingTaskThatThrowsIsLoggedWithTheCallIdAndEndsItsCallTellingThePeer()
      throws Exception {
    Phone alice = lab.phone(Identity.generate(random), b -> b);
    ForgedPeer mallory = lab.forged();
    Call call = alice.call(mallory.id());
    awaitReceived(mallory, CallMessage.Invite.class);

    alice
        .thread()
        .later(
            call,
            () -> {
              throw new IllegalStateException("boom in a signaling task");
            });

    assertThat(call.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.ERROR);
    CallMessage.Cancel told = awaitReceived(mallory, CallMessage.Cancel.class);
    assertThat(told.reason()).isEqualTo(EndReason.ERROR);
    assertThat(logs.lines())
        .filteredOn(l -> l.contains("boom in a signaling task"))
        .as("logged once, with the call id")
        .singleElement()
        .satisfies(l -> assertThat(l).contains(call.id().toString()));
    assertThat(alice.incomingStats().signalingFailures()).isEqualTo(1);
    assertThat(alice.calls()).isEmpty();
    Call next = alice.call(mallory.id());
    assertThat(next.state()).as("the phone goes on").isEqualTo(CallState.DIALING);
  }

  @Test
  void injectedExecutorsRunTheCallAndOutliveThePhoneAndAThrowingListenerDoesNotStopIt()
      throws Exception {
    ScheduledExecutorService signaling =
        Executors.newScheduledThreadPool(2, SignalingThread.daemon("app-signaling"));
    ExecutorService listeners =
        Executors.newFixedThreadPool(2, SignalingThread.daemon("app-listeners"));
    try {
      List<String> signalingThreads = new CopyOnWriteArrayList<>();
      List<String> listenerThreads = new CopyOnWriteArrayList<>();
      CallListener throwing =
          new CallListener() {
            @Override
            public void onRinging(Call call) {
              listenerThreads.add(Thread.currentThread().getName());
              throw new IllegalStateException("a listener bug");
            }

            @Override
            public void onAnswered(Call call) {
              listenerThreads.add(Thread.currentThread().getName());
              throw new IllegalStateException("a listener bug");
            }

            @Override
            public void onMediaStarted(Call call) {
              listenerThreads.add(Thread.currentThread().getName());
            }
          };
      Phone alice =
          lab.phone(
              Identity.generate(random),
              b ->
                  b.signalingExecutor(signaling)
                      .listenerExecutor(listeners)
                      .listeners(
                          call -> {
                            signalingThreads.add(Thread.currentThread().getName());
                            return throwing;
                          }));
      Identity bobId = Identity.generate(random);
      lab.phone(bobId, b -> b.listeners(call -> new PhoneTest.Events(true)));

      Call call = alice.call(bobId.peerId());
      call.mediaStarted().get(20, TimeUnit.SECONDS);
      assertThat(call.state()).isEqualTo(CallState.ACTIVE);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> listenerThreads.size() >= 3);
      assertThat(signalingThreads).singleElement().isEqualTo("app-signaling");
      assertThat(listenerThreads).allMatch("app-listeners"::equals);
      assertThat(logs.lines()).filteredOn(l -> l.contains("a listener bug")).hasSize(2);

      call.hangup();
      assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.LOCAL_HANGUP);
      alice.close();
      assertThat(signaling.isShutdown()).as("the application's, not the phone's").isFalse();
      assertThat(listeners.isShutdown()).isFalse();
      assertThat(signaling.submit(() -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
    } finally {
      signaling.shutdownNow();
      listeners.shutdownNow();
    }
  }

  @Test
  void mediaStartedCompletesWhenFirstAudioComesLaterThanFiveSeconds() throws Exception {
    CountDownLatch speak = new CountDownLatch(1);
    AudioSource late =
        frame -> {
          try {
            speak.await(30, TimeUnit.SECONDS); // holds bob's media clock: bob sends nothing yet
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          Arrays.fill(frame, (short) 0);
          return true;
        };
    Phone alice = lab.phone(Identity.generate(random), b -> b);
    Identity bobId = Identity.generate(random);
    lab.phone(
        bobId, b -> b.audioSource(call -> late).listeners(call -> new PhoneTest.Events(true)));
    try {
      Call call = alice.call(bobId.peerId());
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> call.state() == CallState.ACTIVE);
      Awaitility.await()
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(8))
          .until(() -> !call.mediaStarted().isDone() && call.state() == CallState.ACTIVE);

      speak.countDown();

      call.mediaStarted().get(10, TimeUnit.SECONDS);
      assertThat(call.stats().media()).isPresent();
    } finally {
      speak.countDown();
    }
  }

  @Test
  void aCallToAnUnknownPeerHasItsTimeoutsFromDurations() throws Exception {
    Phone alice =
        lab.phone(
            Identity.generate(random),
            b -> b.inviteTimeout(Duration.ofMillis(300)).ringTimeout(Duration.ofSeconds(30)));
    ForgedPeer silent = lab.forged();
    Call call = alice.call(silent.id());
    assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.UNREACHABLE);
    assertThat(awaitReceived(silent, CallMessage.Cancel.class).reason())
        .isEqualTo(EndReason.UNREACHABLE);
    assertThat(Set.of(alice.config().inviteTimeout(), alice.config().ringTimeout()))
        .containsExactlyInAnyOrder(Duration.ofMillis(300), Duration.ofSeconds(30));
  }

  /**
   * Makes {@code call}'s media close throw: its audio processing (closed on every end, whether
   * audio started or not) is taken away, so closing it throws a NullPointerException, as a failing
   * native engine would throw.
   */
  private static void breakMediaClose(Call call) throws ReflectiveOperationException {
    Object setup = field(Call.class, "setup").get(call);
    Object start = field(CallMediaSetup.class, "audioStart").get(setup);
    field(CallAudioStart.class, "processing").set(start, null);
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  @Test
  void aCancelledCallWhoseMediaFailsToCloseStillLeavesThePhoneAndFreesItsPlace() throws Exception {
    Identity bobId = Identity.generate(random);
    Identity carolId = Identity.generate(random);
    PhoneTest.Events bobEvents = new PhoneTest.Events(false);
    Phone bob =
        lab.phone(
            bobId, b -> b.contacts(Set.of(carolId.peerId())).maxCalls(1).listeners(c -> bobEvents));
    Phone carol = lab.phone(carolId, b -> b.listeners(c -> new PhoneTest.Events(false)));

    Call first = carol.call(bobId.peerId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> first.state() == CallState.RINGING && bob.calls().size() == 1);
    Call atBob = bob.calls().get(0);
    breakMediaClose(atBob);
    first.hangup();

    assertThat(atBob.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CANCELLED);
    assertThat(bob.calls()).isEmpty();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> bobEvents.seen.contains("ended:CANCELLED"));

    Call second = carol.call(bobId.peerId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> second.state() == CallState.RINGING || second.state() == CallState.ENDED);
    assertThat(second.state())
        .as("the ended call no longer holds the only place")
        .isEqualTo(CallState.RINGING);
    second.hangup();
    assertThat(logs.lines())
        .anyMatch(l -> l.startsWith("call " + atBob.id() + ": closing its media failed"));
  }
}
