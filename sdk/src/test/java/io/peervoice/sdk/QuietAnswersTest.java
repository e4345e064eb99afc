package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.testkit.FakeTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * S8 tel: {@link QuietAnswers} on fake timers: alone it answers and raises at once; with other
 * devices online it answers late, and raises the refusal only if no other device took the call (a
 * CANCEL(ANSWERED_ELSEWHERE) or CANCEL(DECLINED) from the caller drops it, however late; any other
 * CANCEL raises it at once; a caller that never sends one is bounded by the invite and ring
 * timeouts); the bounds of 4 late answers per caller and 64 in all, and of 8 refusals per caller
 * and 256 in all waiting for a CANCEL.
 */
class QuietAnswersTest {
  private final Random random = new Random(17);
  private final FakeTimers timers = new FakeTimers(1_000_000);
  private final List<CallMessage> sent = new ArrayList<>();
  private final List<CallId> raised = new ArrayList<>();
  private int devices = 2;
  private final QuietAnswers quiet =
      new QuietAnswers(
          (to, m) -> sent.add(m),
          (millis, task) -> timers.schedule(task, millis, TimeUnit.MILLISECONDS),
          (from, id, at) -> raised.add(id),
          () -> devices,
          timers::now,
          HOLD);
  private static final long HOLD = 70_000;

  private PeerId peer() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return PeerId.of(key);
  }

  private IncomingOffer offer(PeerId to) {
    return new IncomingOffer.Invite(
        new CallMessage.Invite(
            new CallId(random.nextLong(), random.nextLong()),
            0,
            to.bytes(),
            timers.now(),
            new byte[32],
            List.of(),
            new byte[0],
            new byte[0]));
  }

  @Test
  void aloneItAnswersBusyAndRaisesAtOnce() {
    devices = 1;
    IncomingOffer o = offer(peer());
    quiet.turnAway(peer(), o, EndReason.DO_NOT_DISTURB);
    assertThat(sent).containsExactly(new CallMessage.Busy(o.callId(), 0, EndReason.DO_NOT_DISTURB));
    assertThat(raised).containsExactly(o.callId());
    assertThat(timers.pending()).isZero();
  }

  @Test
  void withOtherDevicesItAnswersLateAndRaisesWhenTheCallerRingsOut() {
    PeerId caller = peer();
    IncomingOffer o = offer(peer());
    quiet.turnAway(caller, o, EndReason.BUSY);
    timers.advanceMillis(QuietAnswers.LATE_MILLIS - 1);
    assertThat(sent).isEmpty();
    assertThat(quiet.waiting()).isEqualTo(1);
    timers.advanceMillis(1);
    assertThat(sent).containsExactly(new CallMessage.Busy(o.callId(), 0, EndReason.BUSY));
    assertThat(quiet.waiting()).isZero();
    assertThat(quiet.refusing()).isEqualTo(1);
    timers.advanceMillis(50_000);
    assertThat(raised).as("held while another device may still ring and be answered").isEmpty();
    assertThat(quiet.cancelled(caller, new CallMessage.Cancel(o.callId(), 5, EndReason.NO_ANSWER)))
        .isTrue();
    assertThat(raised).containsExactly(o.callId());
    assertThat(quiet.refusing()).isZero();
  }

  @Test
  void aCallerThatNeverCancelsIsRaisedAfterTheLongestACallerWaits() {
    IncomingOffer o = offer(peer());
    quiet.turnAway(peer(), o, EndReason.DO_NOT_DISTURB);
    timers.advanceMillis(QuietAnswers.LATE_MILLIS + HOLD + QuietAnswers.GRACE_MILLIS - 1);
    assertThat(raised).isEmpty();
    timers.advanceMillis(1);
    assertThat(raised).containsExactly(o.callId());
    assertThat(quiet.refusing()).isZero();
    assertThat(timers.pending()).isZero();
  }

  /** The S8 review's case: another device answers long after our late BUSY (and its old grace). */
  @Test
  void aCallAnsweredOnAnotherDeviceLongAfterOurBusyIsNotRaised() {
    PeerId caller = peer();
    IncomingOffer o = offer(peer());
    quiet.turnAway(caller, o, EndReason.DO_NOT_DISTURB);
    timers.advanceMillis(QuietAnswers.LATE_MILLIS + QuietAnswers.GRACE_MILLIS + 20_000);
    assertThat(sent).hasSize(1);
    assertThat(
            quiet.cancelled(
                caller, new CallMessage.Cancel(o.callId(), 9, EndReason.ANSWERED_ELSEWHERE)))
        .isTrue();
    timers.advanceMillis(HOLD * 2);
    assertThat(raised).isEmpty();
    assertThat(quiet.answeredElsewhere()).isEqualTo(1);
  }

  /** A timer of a call cancelled before its BUSY does not answer a later call of the same id. */
  @Test
  void aStaleLateTimerDoesNotAnswerANewHoldOfTheSameId() {
    PeerId caller = peer();
    IncomingOffer o = offer(peer());
    quiet.turnAway(caller, o, EndReason.BUSY);
    timers.advanceMillis(2_000);
    quiet.cancelled(caller, new CallMessage.Cancel(o.callId(), 1, EndReason.DECLINED));
    quiet.turnAway(caller, o, EndReason.BUSY); // the same id again (a retried invite)
    timers.advanceMillis(QuietAnswers.LATE_MILLIS - 2_000);
    assertThat(sent).as("the first hold's timer fired: not this hold's").isEmpty();
    timers.advanceMillis(2_000);
    assertThat(sent).hasSize(1);
  }

  @Test
  void aCallAnsweredOnAnotherDeviceIsNotRaised() {
    PeerId caller = peer();
    IncomingOffer o = offer(peer());
    quiet.turnAway(caller, o, EndReason.DO_NOT_DISTURB);
    timers.advanceMillis(QuietAnswers.LATE_MILLIS);
    assertThat(sent).hasSize(1);
    CallMessage.Cancel taken = new CallMessage.Cancel(o.callId(), 3, EndReason.ANSWERED_ELSEWHERE);
    assertThat(quiet.cancelled(peer(), taken)).as("only the caller's CANCEL counts").isFalse();
    assertThat(quiet.cancelled(caller, taken)).isTrue();
    timers.advanceMillis(HOLD * 2);
    assertThat(raised).isEmpty();
    assertThat(quiet.answeredElsewhere()).isEqualTo(1);
    assertThat(quiet.cancelled(caller, taken)).as("used once").isFalse();
  }

  @Test
  void aCallDeclinedOnAnotherDeviceBeforeOurBusyIsNeitherAnsweredNorRaised() {
    PeerId caller = peer();
    IncomingOffer o = offer(peer());
    quiet.turnAway(caller, o, EndReason.DO_NOT_DISTURB);
    timers.advanceMillis(1_000);
    assertThat(quiet.cancelled(caller, new CallMessage.Cancel(o.callId(), 2, EndReason.DECLINED)))
        .isTrue();
    timers.advanceMillis(QuietAnswers.LATE_MILLIS + QuietAnswers.GRACE_MILLIS);
    assertThat(sent).isEmpty();
    assertThat(raised).isEmpty();
    assertThat(quiet.waiting()).isZero();
  }

  @Test
  void aCallerThatGivesUpIsRaisedAtOnceWithoutTheBusy() {
    PeerId caller = peer();
    IncomingOffer o = offer(peer());
    quiet.turnAway(caller, o, EndReason.DO_NOT_DISTURB);
    timers.advanceMillis(500);
    assertThat(quiet.cancelled(caller, new CallMessage.Cancel(o.callId(), 1, EndReason.CANCELLED)))
        .isTrue();
    assertThat(raised).containsExactly(o.callId());
    timers.advanceMillis(QuietAnswers.LATE_MILLIS + QuietAnswers.GRACE_MILLIS);
    assertThat(sent).as("nobody waits for it any more").isEmpty();
    assertThat(raised).hasSize(1);
  }

  @Test
  void oneCallerHoldsAtMostFourAndEveryoneAtMostSixtyFour() {
    PeerId caller = peer();
    List<IncomingOffer> own = new ArrayList<>();
    for (int i = 0; i < QuietAnswers.MAX_LATE_PER_CALLER + 2; i++) {
      IncomingOffer o = offer(peer());
      own.add(o);
      quiet.turnAway(caller, o, EndReason.BUSY);
    }
    assertThat(quiet.waiting()).isEqualTo(QuietAnswers.MAX_LATE_PER_CALLER);
    assertThat(quiet.unanswered()).isEqualTo(2);
    PeerId other = peer();
    quiet.turnAway(other, offer(peer()), EndReason.BUSY);
    assertThat(quiet.waiting()).as("another caller still gets a place").isEqualTo(5);

    for (int i = 0; i < QuietAnswers.MAX_LATE; i++) {
      quiet.turnAway(peer(), offer(peer()), EndReason.BUSY);
    }
    assertThat(quiet.waiting()).isEqualTo(QuietAnswers.MAX_LATE);
    assertThat(quiet.unanswered()).isEqualTo(2 + 5);

    timers.advanceMillis(QuietAnswers.LATE_MILLIS);
    assertThat(sent).hasSize(QuietAnswers.MAX_LATE);
    assertThat(sent)
        .extracting(CallMessage::callId)
        .as("the first four of the caller answered, the two over its share never")
        .containsAll(own.subList(0, 4).stream().map(IncomingOffer::callId).toList())
        .doesNotContain(own.get(4).callId(), own.get(5).callId());
    quiet.turnAway(caller, offer(peer()), EndReason.BUSY);
    assertThat(quiet.waiting()).as("a late answer's place is freed by its BUSY").isEqualTo(1);
    assertThat(quiet.refusing()).isEqualTo(QuietAnswers.MAX_LATE);
    timers.advanceMillis(HOLD + QuietAnswers.GRACE_MILLIS);
    assertThat(raised).hasSize(QuietAnswers.MAX_LATE);
  }

  /** S8 review: a caller whose call ended early hangs up instead of cancelling: raised at once. */
  @Test
  void aHangupFromTheCallerRaisesAtOnce() {
    PeerId caller = peer();
    IncomingOffer o = offer(peer());
    quiet.turnAway(caller, o, EndReason.DO_NOT_DISTURB);
    timers.advanceMillis(QuietAnswers.LATE_MILLIS);
    assertThat(quiet.hungUp(peer(), new CallMessage.Hangup(o.callId(), 4, EndReason.REJECTED)))
        .as("only the caller's")
        .isFalse();
    assertThat(quiet.hungUp(caller, new CallMessage.Hangup(o.callId(), 4, EndReason.REJECTED)))
        .isTrue();
    assertThat(raised).containsExactly(o.callId());
    assertThat(quiet.refusing()).isZero();
  }

  @Test
  void refusalsWaitingForACancelAreBoundedPerCallerAndInAllByRaisingTheEldest() {
    PeerId first = peer();
    IncomingOffer before = offer(peer());
    quiet.turnAway(first, before, EndReason.BUSY); // another caller's, older than all below
    timers.advanceMillis(QuietAnswers.LATE_MILLIS);
    PeerId caller = peer();
    List<CallId> own = new ArrayList<>();
    for (int i = 0; i < QuietAnswers.MAX_REFUSING_PER_CALLER + 1; i++) {
      IncomingOffer o = offer(peer());
      own.add(o.callId());
      quiet.turnAway(caller, o, EndReason.BUSY);
      timers.advanceMillis(QuietAnswers.LATE_MILLIS);
    }
    assertThat(quiet.refusing()).isEqualTo(QuietAnswers.MAX_REFUSING_PER_CALLER + 1);
    assertThat(raised)
        .as("the caller's own eldest made room, not the other caller's older one")
        .containsExactly(own.get(0));
    assertThat(quiet.evicted()).isEqualTo(1);
    quiet.cancelled(first, new CallMessage.Cancel(before.callId(), 1, EndReason.NO_ANSWER));
    raised.remove(before.callId());

    int others = 0;
    while (quiet.refusing() < QuietAnswers.MAX_REFUSING) {
      for (int i = 0; i < QuietAnswers.MAX_LATE; i++) {
        quiet.turnAway(peer(), offer(peer()), EndReason.BUSY);
        others++;
      }
      timers.advanceMillis(QuietAnswers.LATE_MILLIS);
    }
    assertThat(others).as("four rounds of 64").isEqualTo(QuietAnswers.MAX_REFUSING);
    assertThat(quiet.refusing()).isEqualTo(QuietAnswers.MAX_REFUSING);
    assertThat(raised)
        .as("the eldest of all (the first caller's) made room for the others")
        .containsExactlyElementsOf(own.subList(0, QuietAnswers.MAX_REFUSING_PER_CALLER + 1));
    assertThat(quiet.evicted()).isEqualTo(QuietAnswers.MAX_REFUSING_PER_CALLER + 1L);
    assertThat(quiet.refusing()).isEqualTo(QuietAnswers.MAX_REFUSING);
  }
}
