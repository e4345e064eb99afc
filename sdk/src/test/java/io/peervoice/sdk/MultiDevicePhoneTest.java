package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One identity on two phones (two processes' worth: each its own overlay client and device id) and
 * a caller, through three real rendezvous nodes on loopback.
 */
class MultiDevicePhoneTest {
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

  private Phone phone(
      Identity id,
      PhoneTest.Events events,
      PcmRecorder heard,
      boolean speak,
      Set<Identity> contacts)
      throws Exception {
    // the older device learns of a newer one from its next keepalive: fast here (25 s by default)
    return lab.phone(
        id,
        b ->
            b.keepalive(Duration.ofMillis(250))
                .contacts(contacts.stream().map(Identity::peerId).toList())
                .audioSource(
                    call ->
                        speak ? LoopingSource.forever(SpeechSample.load()) : AudioSource.silence())
                .audioSink(call -> heard)
                .listeners(call -> events));
  }

  @Test
  void bothDevicesRingTheFirstToAnswerTakesTheCallAndTheOtherStopsAnsweredElsewhere()
      throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    PhoneTest.Events aliceEvents = new PhoneTest.Events(false);
    PhoneTest.Events onFirst = new PhoneTest.Events(false);
    PhoneTest.Events onSecond = new PhoneTest.Events(false);
    PcmRecorder aliceHeard = new PcmRecorder(30);
    PcmRecorder secondHeard = new PcmRecorder(30);
    Phone a = phone(alice, aliceEvents, aliceHeard, true, Set.of());
    // bob's phones treat alice as a contact: alone, a phone would start ICE while ringing
    Phone first = phone(bob, onFirst, new PcmRecorder(30), true, Set.of(alice));
    List<Integer> firstSaw = new CopyOnWriteArrayList<>();
    first.onDevices(firstSaw::add);
    assertThat(first.devices()).isEqualTo(1);
    Phone second = phone(bob, onSecond, secondHeard, true, Set.of(alice));

    assertThat(second.deviceId()).isNotEqualTo(first.deviceId());
    // the attach reply carries the count; it reaches the phone through the overlay's listener
    Awaitility.await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(second.devices())
                    .as("the second device sees the first from its attach reply")
                    .isEqualTo(2));
    Awaitility.await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(firstSaw).containsExactly(2));
    assertThat(first.devices()).isEqualTo(2);

    Call call = a.call(bob.peerId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> first.calls().size() == 1 && second.calls().size() == 1);
    Call ringsFirst = first.calls().get(0);
    Call ringsSecond = second.calls().get(0);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                ringsFirst.state() == CallState.RINGING
                    && ringsSecond.state() == CallState.RINGING
                    && call.state() == CallState.RINGING);

    ringsSecond.answer();
    long answered = System.nanoTime();
    assertThat(ringsFirst.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.ANSWERED_ELSEWHERE);
    long stoppedMillis = (System.nanoTime() - answered) / 1_000_000;
    assertThat(stoppedMillis).as("the other device stops ringing quickly").isLessThan(2_000);

    call.mediaStarted().get(20, TimeUnit.SECONDS);
    ringsSecond.mediaStarted().get(10, TimeUnit.SECONDS);
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                secondHeard.clip().samples().length >= 48_000 * 2
                    && aliceHeard.clip().samples().length >= 48_000 * 2);
    var heardByBob =
        io.peervoice.media.audio.EnvelopeSimilarity.compare(
            SpeechSample.load(), secondHeard.clip(), 2_000);
    assertThat(heardByBob.correlation()).as("bob's second device hears alice").isGreaterThan(0.6);
    var heardByAlice =
        io.peervoice.media.audio.EnvelopeSimilarity.compare(
            SpeechSample.load(), aliceHeard.clip(), 2_000);
    assertThat(heardByAlice.correlation()).as("alice hears bob").isGreaterThan(0.6);
    assertThat(first.calls()).isEmpty();

    call.hangup();
    assertThat(ringsSecond.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
    assertThat(onFirst.seen).containsExactly("ringing", "ended:ANSWERED_ELSEWHERE");
    System.out.printf(
        "multi-device: other device stopped %d ms after the answer; answer to first audio %d ms%n",
        stoppedMillis, call.stats().answerToFirstAudioMillis());
  }

  @Test
  void aDeviceClosedWhileRingingLeavesTheCallRingingOnTheOther() throws Exception {
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    Phone a = phone(alice, new PhoneTest.Events(false), new PcmRecorder(30), true, Set.of());
    Phone first = phone(bob, new PhoneTest.Events(false), new PcmRecorder(30), true, Set.of());
    PcmRecorder secondHeard = new PcmRecorder(30);
    Phone second = phone(bob, new PhoneTest.Events(false), secondHeard, true, Set.of());
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> first.devices() == 2);

    Call call = a.call(bob.peerId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                first.calls().size() == 1
                    && second.calls().size() == 1
                    && call.state() == CallState.RINGING);
    Call ringsFirst = first.calls().get(0);
    first.close();
    assertThat(ringsFirst.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CLOSED);
    Call ringsSecond = second.calls().get(0);
    assertThat(call.state())
        .as("the caller still rings the other device")
        .isEqualTo(CallState.RINGING);
    assertThat(ringsSecond.state()).isEqualTo(CallState.RINGING);
    ringsSecond.answer();
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    ringsSecond.mediaStarted().get(10, TimeUnit.SECONDS);
    call.hangup();
    assertThat(ringsSecond.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
  }
}
