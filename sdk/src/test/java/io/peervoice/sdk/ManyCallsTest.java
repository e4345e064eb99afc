package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.codec.ComplexityAdaptation;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.IncomingLimits;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One phone holding many calls at once, as an IVR, recorder or gateway does: through real nodes on
 * loopback, with real media. Each call is held, muted or hung up on its own while the others carry
 * on; {@link PhoneConfig#maxCalls()} bounds them both ways.
 */
class ManyCallsTest {
  private final SecureRandom random = new SecureRandom();
  private PhoneLab lab;

  @BeforeEach
  void overlay() throws Exception {
    lab = new PhoneLab();
  }

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  /** What one call's far end played out: frames, frames with speech, the latest run of quiet. */
  static final class Heard implements AudioSink {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong loud = new AtomicLong();
    final AtomicLong quietRun = new AtomicLong();

    @Override
    public void write(short[] frame) {
      frames.incrementAndGet();
      int peak = 0;
      for (short s : frame) {
        peak = Math.max(peak, Math.abs(s));
      }
      if (peak > 1_000) {
        loud.incrementAndGet();
        quietRun.set(0);
      } else {
        quietRun.incrementAndGet();
      }
    }
  }

  /** Limits that let one caller ring {@code n} calls here at once. */
  private static IncomingLimits admitting(int n) {
    IncomingLimits d = IncomingLimits.defaults();
    return new IncomingLimits(
        n,
        n,
        new IncomingLimits.Rate(n, Duration.ofSeconds(10)),
        new IncomingLimits.Rate(n, Duration.ofSeconds(10)),
        d.refusalRate());
  }

  private static CallListener answering() {
    return answering(java.util.Set.of());
  }

  /** Answers incoming calls; adds the ids of those the peer puts on hold to {@code held}. */
  private static CallListener answering(java.util.Set<CallId> held) {
    return new CallListener() {
      @Override
      public void onRinging(Call call) {
        if (call.direction() == CallDirection.INCOMING) {
          call.answer();
        }
      }

      @Override
      public void onRemoteHold(Call call, boolean on) {
        if (on) {
          held.add(call.id());
        }
      }
    };
  }

  /** The far end: answers every call and records what each one heard, by call id. */
  private Phone farEnd(
      Identity id, Identity caller, int calls, Map<CallId, Heard> heard, java.util.Set<CallId> held)
      throws Exception {
    return lab.phone(
        id,
        b ->
            b.contacts(List.of(caller.peerId()))
                .incomingLimits(admitting(calls))
                .listeners(c -> answering(held))
                .audioSink(c -> heard.computeIfAbsent(c.id(), k -> new Heard())));
  }

  @Test
  void fiftyCallsPlacedAtOnceToOnePeerAllCarryAudio() throws Exception {
    Identity gateway = Identity.generate(random);
    Identity pbx = Identity.generate(random);
    Map<CallId, Heard> heard = new ConcurrentHashMap<>();
    farEnd(pbx, gateway, 50, heard, ConcurrentHashMap.newKeySet());
    Phone a = lab.phone(gateway, b -> b);

    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(a.call(pbx.peerId()));
    }

    for (Call c : calls) {
      c.mediaStarted().get(60, TimeUnit.SECONDS);
    }
    assertThat(calls).allSatisfy(c -> assertThat(c.state()).isEqualTo(CallState.ACTIVE));
    assertThat(a.calls()).hasSize(50);
  }

  @Test
  void twentyCallsAreHeldMutedAndHungUpEachOnItsOwnWhileTheOthersFlow() throws Exception {
    int n = 20;
    Identity ivr = Identity.generate(random);
    Identity caller = Identity.generate(random);
    Map<CallId, Heard> heard = new ConcurrentHashMap<>();
    java.util.Set<CallId> heldThere = ConcurrentHashMap.newKeySet();
    farEnd(caller, ivr, n, heard, heldThere);
    Phone hub = lab.phone(ivr, b -> b.audioSource(c -> LoopingSource.forever(SpeechSample.load())));
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(hub.call(caller.peerId()));
    }
    for (Call c : calls) {
      c.mediaStarted().get(60, TimeUnit.SECONDS);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> calls.stream().allMatch(c -> heardOf(heard, c).loud.get() > 0));

    Call held = calls.get(0);
    Call muted = calls.get(1);
    Call hungUp = calls.get(2);
    List<Call> others = calls.subList(3, n);
    held.hold();
    muted.mute(true);
    hungUp.hangup();
    assertThat(held.stats().onHold()).isTrue();
    assertThat(muted.stats().muted()).isTrue();
    assertThat(hungUp.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.LOCAL_HANGUP);
    long mutedSent = framesSent(muted);
    long hungUpSent = framesSent(hungUp);
    long[] loudBefore = others.stream().mapToLong(c -> heardOf(heard, c).loud.get()).toArray();
    long[] sentBefore = others.stream().mapToLong(ManyCallsTest::framesSent).toArray();

    // the held and the muted call keep sending, silence now: their far ends hear half a second of
    // quiet, and the held one's far end was told ...
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                heardOf(heard, muted).quietRun.get() >= 25
                    && heardOf(heard, held).quietRun.get() >= 25
                    && heldThere.contains(held.id()));
    // ... while every other call goes on carrying speech both on our side and at the far end
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (int i = 0; i < others.size(); i++) {
                Call c = others.get(i);
                assertThat(framesSent(c) - sentBefore[i]).as("sent on " + c).isGreaterThan(50);
                assertThat(heardOf(heard, c).loud.get() - loudBefore[i])
                    .as("speech heard on " + c)
                    .isGreaterThan(10);
              }
            });
    assertThat(framesSent(muted)).as("a muted call still sends").isGreaterThan(mutedSent + 25);
    assertThat(framesSent(hungUp)).as("an ended call sends nothing").isEqualTo(hungUpSent);
    assertThat(heldThere).containsExactly(held.id());
    assertThat(held.state()).isEqualTo(CallState.ACTIVE);
    assertThat(muted.state()).isEqualTo(CallState.ACTIVE);
    assertThat(hub.calls()).hasSize(n - 1).doesNotContain(hungUp);
    assertThat(others).allSatisfy(c -> assertThat(c.state()).isEqualTo(CallState.ACTIVE));
  }

  @Test
  void beyondMaxCallsADialFailsAndAnInviteIsAnsweredBusy() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Identity carol = Identity.generate(random);
    Phone b = lab.phone(bob, x -> x.listeners(c -> answering()).incomingLimits(admitting(4)));
    Phone a =
        lab.phone(
            alice, x -> x.maxCalls(2).listeners(c -> answering()).incomingLimits(admitting(4)));
    Phone c = lab.phone(carol, x -> x);

    Call first = a.call(bob.peerId());
    Call second = a.call(bob.peerId());
    assertThatThrownBy(() -> a.call(bob.peerId()))
        .isInstanceOf(PhoneException.class)
        .hasMessageContaining("maximum of 2 calls")
        .hasMessageContaining("PhoneConfig.maxCalls");
    first.mediaStarted().get(30, TimeUnit.SECONDS);
    second.mediaStarted().get(30, TimeUnit.SECONDS);

    Call refused = c.call(alice.peerId());
    assertThat(refused.ended().get(15, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
    assertThat(a.incomingStats().refusedByLimits()).isEqualTo(1);
    assertThat(a.calls()).containsExactlyInAnyOrder(first, second);

    second.hangup();
    second.ended().get(10, TimeUnit.SECONDS);
    Call again = a.call(bob.peerId());
    again.mediaStarted().get(30, TimeUnit.SECONDS);
    assertThat(b.calls()).hasSize(2);
  }

  @Test
  void maxCallsIsBoundedAndDefaultsTo64() {
    PhoneConfig.Builder b = Phone.builder(Identity.generate(random)).bootstrap(lab.nodes());
    assertThat(b.build().maxCalls()).isEqualTo(64).isEqualTo(PhoneConfig.DEFAULT_MAX_CALLS);
    assertThat(b.maxCalls(1).build().maxCalls()).isEqualTo(1);
    assertThat(b.maxCalls(4_096).build().maxCalls()).isEqualTo(PhoneConfig.MAX_CALLS_LIMIT);
    assertThatThrownBy(() -> b.maxCalls(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCalls must be between 1 and 4096, got 0");
    assertThatThrownBy(() -> b.maxCalls(4_097).build())
        .hasMessage("maxCalls must be between 1 and 4096, got 4097");
  }

  @Test
  void complexityAdaptationIsOnByDefaultDownToFiveAndRequired() {
    PhoneConfig.Builder b = Phone.builder(Identity.generate(random)).bootstrap(lab.nodes());
    assertThat(b.build().complexityAdaptation())
        .isEqualTo(ComplexityAdaptation.defaults())
        .matches(a -> a.enabled() && a.floor() == 5);
    assertThat(b.complexityAdaptation(ComplexityAdaptation.off()).build().complexityAdaptation())
        .matches(a -> !a.enabled());
    assertThatThrownBy(() -> b.complexityAdaptation(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("complexityAdaptation");
  }

  private static Heard heardOf(Map<CallId, Heard> heard, Call c) {
    return heard.computeIfAbsent(c.id(), k -> new Heard());
  }

  private static long framesSent(Call c) {
    return c.stats().media().map(m -> m.send().framesSent()).orElse(0L);
  }
}
