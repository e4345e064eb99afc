package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S6 missed (issue 17, 3.2 and 3.9): two real phones through three real nodes. A call that rings
 * unanswered, and one the caller cancels while it rings, each leave a note ({@link
 * Phone#leaveNote}); the callee, attached all along, raises each once through {@link
 * Phone#onMissedCall} with the caller, the call and the text.
 */
class MissedCallTest {
  private final SecureRandom random = new SecureRandom();
  private final PhoneLab lab = new PhoneLab();

  MissedCallTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  private Phone phone(PhoneTest.Events events, Duration ringTimeout) throws Exception {
    return lab.phone(
        Identity.generate(random),
        b ->
            b.ringTimeout(ringTimeout)
                .audioSource(call -> AudioSource.silence())
                .audioSink(call -> (AudioSink) f -> {})
                .listeners(call -> events));
  }

  @Test
  void notesLeftAfterNoAnswerAndACancelWhileRingingAreRaisedOnceEachByTheAttachedCallee()
      throws Exception {
    Phone alice = phone(new PhoneTest.Events(false), Duration.ofMillis(1_500));
    PhoneTest.Events bobEvents = new PhoneTest.Events(false); // never answers
    Phone bob = phone(bobEvents, Duration.ofSeconds(60));
    List<MissedCall> missed = new CopyOnWriteArrayList<>();
    bob.onMissedCall(missed::add);

    Call unanswered = alice.call(bob.id());
    assertThat(unanswered.ended().get(20, TimeUnit.SECONDS)).isEqualTo(EndReason.NO_ANSWER);
    assertThat(bobEvents.seen).as("it rang at bob").contains("ringing");
    assertThat(alice.leaveNote(unanswered, "call me back", List.of()).get(10, TimeUnit.SECONDS))
        .isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> !missed.isEmpty());
    MissedCall first = missed.get(0);
    assertThat(first.caller()).isEqualTo(alice.id());
    assertThat(first.callId()).isEqualTo(unanswered.id());
    assertThat(first.text()).isEqualTo("call me back");
    assertThat(first.reason()).isEqualTo(MissedCall.Reason.NOTE);
    assertThat(first.voice()).isEmpty();

    Call cancelled = alice.call(bob.id());
    await().atMost(Duration.ofSeconds(10)).until(() -> cancelled.state() == CallState.RINGING);
    cancelled.hangup();
    assertThat(cancelled.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CANCELLED);
    byte[] frame = {8, 1, 2};
    assertThat(alice.leaveNote(cancelled, "sorry", List.of(frame)).get(10, TimeUnit.SECONDS))
        .isPositive();
    // the second note comes after every copy of the first (held by several nodes) was pushed
    await().atMost(Duration.ofSeconds(10)).until(() -> missed.size() >= 2);
    assertThat(missed)
        .as("each note raised once, though more than one node may push it")
        .extracting(MissedCall::callId)
        .containsExactly(unanswered.id(), cancelled.id());
    MissedCall second = missed.get(1);
    assertThat(second.caller()).isEqualTo(alice.id());
    assertThat(second.text()).isEqualTo("sorry");
    assertThat(second.voice()).singleElement().isEqualTo(frame);
    assertThat(second.voiceMillis()).isEqualTo(20);
    await().atMost(Duration.ofSeconds(10)).until(() -> bob.calls().isEmpty());
    assertThat(bobEvents.seen).filteredOn(s -> s.equals("ringing")).hasSize(2);
    assertThat(bob.attached()).as("bob stayed attached").isCompleted();
  }
}
