package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call to an identity online on several devices (docs/calls.md, "Several devices"): the caller's
 * flow against two scripted callee flows, messages tagged with their device, with a fake clock.
 */
class CallForkTest {
  private static final CallId ID = new CallId(3, 4);
  private static final long A = 0x1111L;
  private static final long B = 0x2222L;

  /** A port that records what it sends and the device each message names. */
  static final class Tagging extends CallFlowTest.Recorder {
    final List<Long> devices = new ArrayList<>();
    final List<CallMessage.Ringing> ringings = new ArrayList<>();

    @Override
    public void send(CallMessage message) {
      send(message, 0);
    }

    @Override
    public void send(CallMessage message, long device) {
      sent.add(message);
      devices.add(device);
    }

    @Override
    public void ringing(CallMessage.Ringing ringing) {
      ringings.add(ringing);
    }

    long lastDevice() {
      return devices.get(devices.size() - 1);
    }
  }

  private final CallFlowTest.Clock clock = new CallFlowTest.Clock();
  private final Tagging caller = new Tagging();
  private final Tagging onA = new Tagging();
  private final Tagging onB = new Tagging();

  private static CallMessage.Invite invite() {
    return new CallMessage.Invite(
        ID, 0, new byte[20], 0, new byte[32], List.of("AEAD_AES_128_GCM"), new byte[] {1});
  }

  private CallFlow dial() {
    return CallFlow.dial(invite(), caller, clock, CallFlow.Timeouts.defaults());
  }

  private CallFlow ring(Tagging port, long device) {
    return CallFlow.ring(invite(), new byte[0], port, clock, CallFlow.Timeouts.defaults(), device);
  }

  /** Delivers what {@code from} sent last to {@code to}, as the overlay would, with its tag. */
  private static void deliver(Tagging from, CallFlow to) {
    to.received(from.last(), from.lastDevice());
  }

  @Test
  void bothDevicesRingTheFirstAnswerWinsAndTheOtherEndsAnsweredElsewhere() {
    CallFlow call = dial();
    CallFlow a = ring(onA, A);
    CallFlow b = ring(onB, B);
    assertThat(onA.lastDevice()).as("a callee names its device").isEqualTo(A);
    deliver(onA, call);
    deliver(onB, call);
    assertThat(call.state()).isEqualTo(CallState.RINGING);
    assertThat(caller.states)
        .as("two RINGINGs ring once")
        .containsExactly(CallState.DIALING, CallState.RINGING);
    assertThat(caller.ringings).hasSize(1);

    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    deliver(onB, call);
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(caller.answered).isNotNull();
    CallMessage.Cancel taken = (CallMessage.Cancel) caller.last();
    assertThat(taken.reason()).isEqualTo(EndReason.ANSWERED_ELSEWHERE);
    assertThat(caller.lastDevice()).as("the cancel spares the device that answered").isEqualTo(B);

    // the overlay delivers the caller's messages to every device of the callee
    a.received(taken, B);
    b.received(taken, B);
    assertThat(a.state()).isEqualTo(CallState.ENDED);
    assertThat(a.endReason()).isEqualTo(EndReason.ANSWERED_ELSEWHERE);
    assertThat(b.state()).as("the winner ignores it").isEqualTo(CallState.ACTIVE);

    b.candidates(List.of("candidate:1 1 udp 1 10.0.0.2 5000 typ host"), true);
    deliver(onB, call);
    assertThat(caller.candidates).hasSize(1);
    b.hangup();
    deliver(onB, call);
    assertThat(call.endReason()).isEqualTo(EndReason.REMOTE_HANGUP);
  }

  /**
   * S8 review: the only device heard from answers: the caller still tells the others, which may be
   * online and silent (do not disturb holds its BUSY 3 s) and would otherwise raise a refused call
   * for a call that was answered, if the call ended before their BUSY came. A phone that names no
   * device (0) is not told.
   */
  @Test
  void theFirstAnswerOfANamedDeviceIsToldToTheOthersEvenIfNoneWasHeardFrom() {
    CallFlow call = dial();
    CallFlow a = ring(onA, A);
    deliver(onA, call);
    int before = caller.sent.size();
    a.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    deliver(onA, call);
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(caller.sent).hasSize(before + 1);
    assertThat(((CallMessage.Cancel) caller.last()).reason())
        .isEqualTo(EndReason.ANSWERED_ELSEWHERE);
    assertThat(caller.lastDevice()).as("sparing the device that answered").isEqualTo(A);
    a.received(caller.last(), caller.lastDevice());
    assertThat(a.state()).isEqualTo(CallState.ACTIVE);

    Tagging plain = new Tagging();
    Tagging dialer = new Tagging();
    CallFlow second = CallFlow.dial(invite(), dialer, clock, CallFlow.Timeouts.defaults());
    CallFlow old = CallFlow.ring(invite(), new byte[0], plain, clock, CallFlow.Timeouts.defaults());
    deliver(plain, second);
    old.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {3});
    deliver(plain, second);
    assertThat(second.state()).isEqualTo(CallState.ACTIVE);
    assertThat(dialer.sent)
        .as("no device named: nothing to tell")
        .noneMatch(m -> m instanceof CallMessage.Cancel);
  }

  /** A device silent until after the answer (do not disturb's late BUSY) is told once. */
  @Test
  void aBusyFromAnotherDeviceAfterTheAnswerIsToldOnce() {
    CallFlow call = dial();
    CallFlow a = ring(onA, A);
    deliver(onA, call);
    a.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    deliver(onA, call);
    int before = caller.sent.size();
    call.received(new CallMessage.Busy(ID, 0, EndReason.DO_NOT_DISTURB), B);
    call.received(new CallMessage.Busy(ID, 0, EndReason.DO_NOT_DISTURB), B); // a duplicate
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(caller.sent).hasSize(before + 1);
    assertThat(((CallMessage.Cancel) caller.last()).reason())
        .isEqualTo(EndReason.ANSWERED_ELSEWHERE);
  }

  @Test
  void aLateAnswerFromAnotherDeviceIsCancelledAndCannotEndTheCall() {
    CallFlow call = dial();
    CallFlow a = ring(onA, A);
    CallFlow b = ring(onB, B);
    deliver(onA, call);
    a.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    deliver(onA, call);
    int sentBefore = caller.sent.size();
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);

    deliver(onB, call); // B's RINGING, late
    assertThat(caller.sent).hasSize(sentBefore + 1);
    assertThat(((CallMessage.Cancel) caller.last()).reason())
        .isEqualTo(EndReason.ANSWERED_ELSEWHERE);
    assertThat(caller.lastDevice()).isEqualTo(A);
    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {3});
    deliver(onB, call);
    b.hangup();
    deliver(onB, call);
    assertThat(call.state())
        .as("B's answer and hang-up change nothing")
        .isEqualTo(CallState.ACTIVE);
    assertThat(caller.sent).as("B is told once").hasSize(sentBefore + 1);

    b.received(caller.last(), caller.lastDevice());
    a.received(caller.last(), caller.lastDevice());
    assertThat(a.state()).isEqualTo(CallState.ACTIVE);
  }

  @Test
  void aBusyDeviceDoesNotEndACallAnotherDeviceRings() {
    CallFlow call = dial();
    CallFlow a = ring(onA, A);
    deliver(onA, call);
    call.received(new CallMessage.Busy(ID, 0), B);
    assertThat(call.state()).as("A still rings").isEqualTo(CallState.RINGING);
    a.decline();
    deliver(onA, call);
    assertThat(call.endReason()).isEqualTo(EndReason.DECLINED);
    CallMessage.Cancel stop = (CallMessage.Cancel) caller.last();
    assertThat(stop.reason()).isEqualTo(EndReason.DECLINED);
    assertThat(caller.lastDevice()).isEqualTo(A);
  }

  @Test
  void aDeviceThatClosesWhileRingingLeavesTheCallToTheOthers() {
    CallFlow call = dial();
    CallFlow a = ring(onA, A);
    CallFlow b = ring(onB, B);
    deliver(onA, call);
    deliver(onB, call);
    a.leave();
    deliver(onA, call);
    assertThat(a.endReason()).isEqualTo(EndReason.CLOSED);
    assertThat(call.state()).as("B still rings").isEqualTo(CallState.RINGING);
    b.leave();
    deliver(onB, call);
    assertThat(call.endReason()).isEqualTo(EndReason.CLOSED);
  }

  @Test
  void aRefusalWithNoOtherDeviceRingingEndsTheCallAndStopsLateRingers() {
    CallFlow call = dial();
    call.received(new CallMessage.Busy(ID, 0), B);
    assertThat(call.endReason()).isEqualTo(EndReason.BUSY);
    CallMessage.Cancel stop = (CallMessage.Cancel) caller.last();
    assertThat(caller.lastDevice()).isEqualTo(B);
    CallFlow a = ring(onA, A);
    a.received(stop, B);
    assertThat(a.endReason()).isEqualTo(EndReason.CANCELLED);
  }

  @Test
  void anUntaggedCalleeIsOneDeviceAsBefore() {
    CallFlow call = dial();
    CallFlow b = CallFlow.ring(invite(), new byte[0], onB, clock, CallFlow.Timeouts.defaults());
    deliver(onB, call);
    b.answer(new byte[32], "AEAD_AES_128_GCM", new byte[] {2});
    deliver(onB, call);
    assertThat(onB.devices).containsOnly(0L);
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(caller.sent).as("no cancel for a single device").hasSize(1);
  }

  @Test
  void devicesBeyondTheBoundAreIgnored() {
    CallFlow call = dial();
    for (long d = 1; d <= CallBranches.MAX + 2; d++) {
      call.received(new CallMessage.Ringing(ID, 0, new byte[0]), d);
    }
    long before = call.ignored();
    call.received(new CallMessage.Answer(ID, 1, new byte[32], "x", new byte[] {1}), 99);
    assertThat(call.state()).isEqualTo(CallState.RINGING);
    assertThat(call.ignored()).isEqualTo(before + 1);
  }
}
