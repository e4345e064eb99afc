package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/** Every transition of docs/calls.md, with a fake clock and a scripted peer. */
class CallFlowTest {
  private static final CallId ID = new CallId(1, 2);

  /** Virtual time: timers fire when the test advances the clock. */
  static final class Clock implements CallFlow.Timers {
    private record Task(long at, long order, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks =
        new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    long now;
    long order;

    @Override
    public Runnable schedule(long millis, Runnable task) {
      boolean[] cancelled = {false};
      tasks.add(new Task(now + millis, order++, task, cancelled));
      return () -> cancelled[0] = true;
    }

    void advance(long millis) {
      long until = now + millis;
      while (!tasks.isEmpty() && tasks.peek().at <= until) {
        Task t = tasks.poll();
        now = t.at;
        if (!t.cancelled[0]) {
          t.run.run();
        }
      }
      now = until;
    }
  }

  /** Records what a flow sends and reports. */
  static class Recorder implements CallFlowPort {
    final List<CallMessage> sent = new ArrayList<>();
    final List<CallState> states = new ArrayList<>();
    EndReason reason;
    CallMessage.Answer answered;
    final List<String> candidates = new ArrayList<>();
    Boolean remoteHold;

    @Override
    public void send(CallMessage message) {
      sent.add(message);
    }

    @Override
    public void stateChanged(CallState state, EndReason reason) {
      states.add(state);
      this.reason = reason;
    }

    @Override
    public void answered(CallMessage.Answer answer) {
      answered = answer;
    }

    @Override
    public void remoteCandidates(List<String> c, boolean end) {
      candidates.addAll(c);
    }

    @Override
    public void remoteHold(boolean held) {
      remoteHold = held;
    }

    CallMessage last() {
      return sent.get(sent.size() - 1);
    }
  }

  private final Clock clock = new Clock();
  private final Recorder caller = new Recorder();
  private final Recorder callee = new Recorder();

  private static CallMessage.Invite invite() {
    return new CallMessage.Invite(
        ID, 0, new byte[20], 0, new byte[32], List.of("AEAD_AES_128_GCM"), new byte[] {1});
  }

  private static CallMessage.Answer answer(int seq) {
    return new CallMessage.Answer(ID, seq, new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
  }

  private CallFlow dial() {
    return CallFlow.dial(invite(), caller, clock, CallFlow.Timeouts.defaults());
  }

  private CallFlow ring() {
    return CallFlow.ring(invite(), new byte[] {9}, callee, clock, CallFlow.Timeouts.defaults());
  }

  @Test
  void dialRingAnswerHangUp() {
    CallFlow a = dial();
    assertThat(a.state()).isEqualTo(CallState.DIALING);
    assertThat(caller.sent).singleElement().isInstanceOf(CallMessage.Invite.class);
    CallFlow b = ring();
    assertThat(callee.last()).isInstanceOf(CallMessage.Ringing.class);
    a.received(callee.last());
    assertThat(a.state()).isEqualTo(CallState.RINGING);
    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    assertThat(b.state()).isEqualTo(CallState.ACTIVE);
    a.received(callee.last());
    assertThat(a.state()).isEqualTo(CallState.ACTIVE);
    assertThat(caller.answered).isNotNull();
    b.hangup();
    a.received(callee.last());
    assertThat(caller.states)
        .containsExactly(CallState.DIALING, CallState.RINGING, CallState.ACTIVE, CallState.ENDED);
    assertThat(caller.reason).isEqualTo(EndReason.REMOTE_HANGUP);
    assertThat(callee.reason).isEqualTo(EndReason.LOCAL_HANGUP);
  }

  @Test
  void declineBusyAndCancelEndTheCallerWithTheirReason() {
    CallFlow a = dial();
    CallFlow b = ring();
    b.decline();
    a.received(callee.last());
    assertThat(a.endReason()).isEqualTo(EndReason.DECLINED);

    Recorder c2 = new Recorder();
    CallFlow a2 = CallFlow.dial(invite(), c2, clock, CallFlow.Timeouts.defaults());
    a2.received(CallFlow.refusal(invite(), EndReason.BUSY));
    assertThat(a2.endReason()).isEqualTo(EndReason.BUSY);

    Recorder c3 = new Recorder();
    CallFlow a3 = CallFlow.dial(invite(), c3, clock, CallFlow.Timeouts.defaults());
    Recorder r3 = new Recorder();
    CallFlow b3 = CallFlow.ring(invite(), new byte[] {9}, r3, clock, CallFlow.Timeouts.defaults());
    a3.hangup();
    assertThat(c3.last()).isInstanceOf(CallMessage.Cancel.class);
    b3.received(c3.last());
    assertThat(b3.endReason()).isEqualTo(EndReason.CANCELLED);
    assertThat(a3.endReason()).isEqualTo(EndReason.CANCELLED);
  }

  @Test
  void noRingingInTimeIsUnreachableAndNoAnswerInTimeCancelsBothSides() {
    CallFlow a = dial();
    clock.advance(10_000);
    assertThat(a.endReason()).isEqualTo(EndReason.UNREACHABLE);
    assertThat(caller.last()).isInstanceOf(CallMessage.Cancel.class);

    Recorder c2 = new Recorder();
    CallFlow a2 = CallFlow.dial(invite(), c2, clock, CallFlow.Timeouts.defaults());
    CallFlow b2 = ring();
    a2.received(callee.last());
    clock.advance(59_999);
    assertThat(a2.state()).isEqualTo(CallState.RINGING);
    clock.advance(1);
    assertThat(a2.endReason()).isEqualTo(EndReason.NO_ANSWER);
    b2.received(c2.last());
    assertThat(b2.endReason()).isEqualTo(EndReason.NO_ANSWER);
  }

  @Test
  void aCalleeWhoseCancelWasLostStopsRingingOnItsOwn() {
    CallFlow b = ring();
    clock.advance(69_999);
    assertThat(b.state()).isEqualTo(CallState.RINGING);
    clock.advance(1);
    assertThat(b.endReason()).isEqualTo(EndReason.NO_ANSWER);
  }

  @Test
  void duplicatesAreDroppedAndLateMessagesCannotReviveACall() {
    CallFlow a = dial();
    CallFlow b = ring();
    CallMessage ringing = callee.last();
    a.received(ringing);
    a.received(ringing);
    assertThat(a.ignored()).isEqualTo(1);
    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    CallMessage ans = callee.last();
    a.received(ans);
    a.received(ans);
    assertThat(caller.states)
        .containsExactly(CallState.DIALING, CallState.RINGING, CallState.ACTIVE);
    a.hangup();
    a.received(new CallMessage.Hold(ID, 2, true));
    assertThat(a.state()).isEqualTo(CallState.ENDED);
    assertThat(caller.remoteHold).isNull();
  }

  @Test
  void anAnswerOvertakingRingingStillConnectsAndCandidatesArriveInAnyState() {
    CallFlow a = dial();
    a.received(new CallMessage.Candidates(ID, 2, List.of("c1"), false));
    a.received(answer(1));
    a.received(new CallMessage.Ringing(ID, 0, new byte[0]));
    assertThat(a.state()).isEqualTo(CallState.ACTIVE);
    assertThat(caller.candidates).containsExactly("c1");
    assertThat(a.ignored()).as("the late ringing").isEqualTo(1);
  }

  @Test
  void aHangupOvertakingTheAnswerEndsTheCall() {
    CallFlow a = dial();
    a.received(new CallMessage.Hangup(ID, 2));
    assertThat(a.endReason()).isEqualTo(EndReason.REMOTE_HANGUP);
    a.received(answer(1));
    assertThat(caller.answered).isNull();
  }

  @Test
  void aSideThatEndsForAReasonTellsThePeerWhichReportsItAsTheRemoteReason() {
    CallFlow a = dial();
    CallFlow b = ring();
    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    a.received(callee.last());
    assertThat(a.remoteReason()).isEmpty();
    b.endBecause(EndReason.DEVICE_FAILED);
    assertThat(b.endReason()).isEqualTo(EndReason.DEVICE_FAILED);
    assertThat(callee.last())
        .isEqualTo(new CallMessage.Hangup(ID, callee.last().seq(), EndReason.DEVICE_FAILED));
    a.received(callee.last());
    assertThat(a.endReason()).isEqualTo(EndReason.REMOTE_HANGUP);
    assertThat(a.remoteReason()).contains(EndReason.DEVICE_FAILED);
    assertThat(b.remoteReason()).as("b ended it").isEmpty();

    CallFlow c = dial();
    c.received(answer(1));
    c.received(new CallMessage.Hangup(ID, 2));
    assertThat(c.remoteReason()).as("a plain hang-up").contains(EndReason.LOCAL_HANGUP);
  }

  @Test
  void holdAndResumeAreSignalledOnlyWhenActive() {
    CallFlow a = dial();
    assertThatThrownBy(() -> a.hold(true)).isInstanceOf(IllegalStateException.class);
    CallFlow b = ring();
    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    a.received(callee.last());
    a.hold(true);
    a.hold(true);
    b.received(caller.last());
    assertThat(callee.remoteHold).isTrue();
    a.hold(false);
    b.received(caller.last());
    assertThat(callee.remoteHold).isFalse();
    assertThat(caller.sent.stream().filter(m -> m instanceof CallMessage.Hold)).hasSize(2);
  }

  @Test
  void glareEndsTheLosingCallWithGlare() {
    CallFlow mine = dial();
    mine.received(CallFlow.refusal(invite(), EndReason.GLARE));
    assertThat(mine.endReason()).isEqualTo(EndReason.GLARE);
  }

  @Test
  void mediaFailureHangsUpWithItsReason() {
    CallFlow a = dial();
    CallFlow b = ring();
    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    a.received(callee.last());
    a.mediaFailed();
    assertThat(a.endReason()).isEqualTo(EndReason.MEDIA_FAILED);
    b.received(caller.last());
    assertThat(b.endReason()).isEqualTo(EndReason.REMOTE_HANGUP);
  }

  @Test
  void onlyARingingCalleeMayAnswerOrDecline() {
    CallFlow a = dial();
    assertThatThrownBy(() -> a.answer(new byte[32], "P", new byte[] {2}))
        .hasMessageContaining("DIALING");
    CallFlow b = ring();
    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    assertThatThrownBy(b::decline).hasMessageContaining("ACTIVE");
  }

  @Test
  void aRefusalByTheCalleesLimitsEndsTheCallerRejected() {
    CallFlow a = dial();
    a.received(CallFlow.refusal(invite(), EndReason.REJECTED));
    assertThat(a.endReason()).isEqualTo(EndReason.REJECTED);
  }

  @Test
  void aFailingSideEndsWithErrorAndTellsThePeerBeforeAndAfterTheAnswer() {
    CallFlow a = dial();
    CallFlow b = ring();
    a.received(callee.last());
    b.fail();
    assertThat(b.endReason()).isEqualTo(EndReason.ERROR);
    a.received(callee.last());
    assertThat(a.endReason()).isEqualTo(EndReason.ERROR);

    Recorder c2 = new Recorder();
    Recorder r2 = new Recorder();
    CallFlow a2 = CallFlow.dial(invite(), c2, clock, CallFlow.Timeouts.defaults());
    CallFlow b2 = CallFlow.ring(invite(), new byte[] {9}, r2, clock, CallFlow.Timeouts.defaults());
    a2.received(r2.last());
    b2.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    a2.received(r2.last());
    a2.fail();
    assertThat(c2.last()).isInstanceOf(CallMessage.Hangup.class);
    b2.received(c2.last());
    assertThat(a2.endReason()).isEqualTo(EndReason.ERROR);
    assertThat(b2.endReason()).isEqualTo(EndReason.REMOTE_HANGUP);
    int sent = c2.sent.size();
    a2.fail();
    assertThat(c2.sent).as("an ended call sends nothing more").hasSize(sent);
  }
}
