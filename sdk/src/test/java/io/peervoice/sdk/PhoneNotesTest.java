package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RateLimitedLog;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** S6 missed: how a phone raises the missed-call notes it receives (clock given). */
class PhoneNotesTest {
  private static final long NOW = 1_800_000_000_000L;
  private final SecureRandom random = new SecureRandom();

  private PhoneNotes notes() {
    PhoneConfig config =
        Phone.builder(Identity.generate(random))
            .bootstrap(List.of(new InetSocketAddress("127.0.0.1", 9)))
            .listenerExecutor(Runnable::run)
            .build();
    return new PhoneNotes(
        new SignalingThread(config, RateLimitedLog.tenSeconds(PhoneNotesTest.class)), () -> NOW);
  }

  private static CallMessage.MissedCall note(long call, long time, String text) {
    return new CallMessage.MissedCall(
        new CallId(call, call), 0, time, text, List.of(new byte[] {8, 1}));
  }

  @Test
  void eachCallIsRaisedOnceAndLateListenersHearEarlierNotes() {
    PhoneNotes notes = notes();
    PeerId alice = Identity.generate(random).peerId();
    List<MissedCall> heard = new CopyOnWriteArrayList<>();
    notes.listen(heard::add);
    notes.received(alice, note(1, NOW - 60_000, "call me"));
    notes.received(alice, note(1, NOW - 60_000, "call me")); // the second node's copy
    notes.received(alice, note(2, NOW - 30_000, ""));
    assertThat(heard).hasSize(2);
    assertThat(heard.get(0).caller()).isEqualTo(alice);
    assertThat(heard.get(0).text()).isEqualTo("call me");
    assertThat(heard.get(0).time().toEpochMilli()).isEqualTo(NOW - 60_000);
    assertThat(heard.get(0).voiceMillis()).isEqualTo(20);

    List<MissedCall> late = new CopyOnWriteArrayList<>();
    notes.listen(late::add);
    assertThat(late)
        .extracting(MissedCall::callId)
        .containsExactly(new CallId(1, 1), new CallId(2, 2));
  }

  @Test
  void notesTooOldOrDatedAheadAreDropped() {
    PhoneNotes notes = notes();
    PeerId alice = Identity.generate(random).peerId();
    List<MissedCall> heard = new CopyOnWriteArrayList<>();
    notes.listen(heard::add);
    notes.received(alice, note(1, NOW - Duration.ofHours(49).toMillis(), ""));
    notes.received(alice, note(2, NOW + Duration.ofMinutes(11).toMillis(), ""));
    assertThat(heard).isEmpty();
    assertThat(notes.dropped()).isEqualTo(2);
    notes.received(alice, note(3, NOW - Duration.ofHours(47).toMillis(), ""));
    assertThat(heard).hasSize(1);
  }

  @Test
  void oneCallerCannotPushOtherCallersNotesOut() {
    PhoneNotes notes = notes();
    PeerId alice = Identity.generate(random).peerId();
    PeerId stranger = Identity.generate(random).peerId();
    List<MissedCall> heard = new CopyOnWriteArrayList<>();
    notes.listen(heard::add);
    notes.received(alice, note(1, NOW - 60_000, "call me"));
    for (long call = 10; call < 10 + PhoneNotes.KEPT; call++) {
      notes.received(stranger, note(call, NOW - 1_000, "spam"));
    }
    assertThat(heard).filteredOn(m -> m.caller().equals(stranger)).hasSize(PhoneNotes.PER_SENDER);
    assertThat(notes.dropped()).isEqualTo(PhoneNotes.KEPT - PhoneNotes.PER_SENDER);
    List<MissedCall> late = new CopyOnWriteArrayList<>();
    notes.listen(late::add);
    assertThat(late).extracting(MissedCall::caller).contains(alice);
  }

  /**
   * S7 tel: calls refused for do not disturb are raised with their reason and kept apart from the
   * caller's notes: every refusal reaches the listeners there are (the sixth too), a late listener
   * hears the first {@link PhoneNotes#PER_SENDER}, and the caller's notes are still kept.
   */
  @Test
  void refusedCallsAreRaisedAndKeptApartFromNotes() {
    PhoneNotes notes = notes();
    PeerId alice = Identity.generate(random).peerId();
    List<MissedCall> heard = new CopyOnWriteArrayList<>();
    notes.listen(heard::add);
    for (long call = 1; call <= 6; call++) {
      notes.refused(alice, new CallId(call, call), NOW + call);
    }
    notes.received(alice, note(1, NOW - 60_000, "call me"));
    assertThat(heard).hasSize(7);
    assertThat(heard.get(5).reason()).isEqualTo(MissedCall.Reason.DO_NOT_DISTURB);
    assertThat(heard.get(5).callId()).isEqualTo(new CallId(6, 6));
    assertThat(heard.get(5).time().toEpochMilli()).isEqualTo(NOW + 6);
    assertThat(heard.get(5).text()).isEmpty();
    assertThat(heard.get(6).reason())
        .as("the note of call 1 is not taken for its refusal")
        .isEqualTo(MissedCall.Reason.NOTE);
    List<MissedCall> late = new CopyOnWriteArrayList<>();
    notes.listen(late::add);
    assertThat(late).filteredOn(m -> m.reason() == MissedCall.Reason.DO_NOT_DISTURB).hasSize(4);
    assertThat(late).filteredOn(m -> m.reason() == MissedCall.Reason.NOTE).hasSize(1);
  }

  /**
   * S7 merge: refusals from many callers (invites cost less than notes) never push a note out of
   * what a late listener hears. Fails when refusals share the notes' table.
   */
  @Test
  void refusalsFromManyCallersDoNotPushNotesOut() {
    PhoneNotes notes = notes();
    PeerId alice = Identity.generate(random).peerId();
    notes.received(alice, note(1, NOW - 60_000, "call me"));
    for (long call = 1; call <= PhoneNotes.KEPT + 10; call++) {
      notes.refused(Identity.generate(random).peerId(), new CallId(call, call), NOW + call);
    }
    List<MissedCall> late = new CopyOnWriteArrayList<>();
    notes.listen(late::add);
    assertThat(late)
        .filteredOn(m -> m.reason() == MissedCall.Reason.NOTE)
        .singleElement()
        .satisfies(m -> assertThat(m.text()).isEqualTo("call me"));
    assertThat(late.size()).isLessThanOrEqualTo(1 + PhoneNotes.KEPT / 4);
  }
}
