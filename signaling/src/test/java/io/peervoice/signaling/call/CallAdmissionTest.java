package io.peervoice.signaling.call;

import static io.peervoice.signaling.call.CallAdmission.Reason.BUSY;
import static io.peervoice.signaling.call.CallAdmission.Reason.CALLER_CALLS;
import static io.peervoice.signaling.call.CallAdmission.Reason.CALLER_RATE;
import static io.peervoice.signaling.call.CallAdmission.Reason.GLARE;
import static io.peervoice.signaling.call.CallAdmission.Reason.OVERALL_RATE;
import static io.peervoice.signaling.call.CallAdmission.Reason.PHONE_CALLS;
import static io.peervoice.signaling.call.CallAdmission.Reason.TOO_MANY_CALLERS;
import static io.peervoice.signaling.call.CallAdmission.Reason.TOTAL_CALLS;
import static io.peervoice.signaling.call.CallState.ACTIVE;
import static io.peervoice.signaling.call.CallState.DIALING;
import static io.peervoice.signaling.call.CallState.RINGING;
import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallAdmission.CurrentCall;
import io.peervoice.signaling.call.CallAdmission.Decision;
import io.peervoice.signaling.call.CallAdmission.InviteFacts;
import io.peervoice.signaling.call.CallAdmission.Policy;
import io.peervoice.signaling.call.CallAdmission.Reason;
import io.peervoice.signaling.call.CallAdmission.Refuse;
import io.peervoice.signaling.call.CallAdmission.Ring;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CallAdmission}'s rules as a table on a fake clock, with the default limits (2 calls per
 * caller, 4 in all, 5 invites per 10 s per caller, 20 per 10 s from all strangers, 10 refusals
 * answered per second). Each row sets up a history, then decides one invite against a snapshot of
 * calls; the history's own invites are asserted as they go, so a row also fails when a rule lets
 * through or refuses one of those. Boundary rows come in pairs (just under / at the limit).
 */
class CallAdmissionTest {
  static final PeerId MALLORY = peer(1);
  static final PeerId ALICE = peer(2);
  static final PeerId BOB = peer(3);
  static final PeerId CAROL = peer(4);
  static final PeerId DAVE = peer(5);
  static final CallId LOW = new CallId(0, 10);
  static final CallId MID = new CallId(0, 20);
  static final CallId HIGH = new CallId(0, 30);
  static final AtomicLong ids = new AtomicLong(1_000);

  static final Policy WAITING = Policy.of(IncomingLimits.defaults(), true);
  static final Policy NO_WAITING = Policy.of(IncomingLimits.defaults(), false);
  static final Policy THREE_CALLERS = new Policy(IncomingLimits.defaults(), true, 3);
  static final Policy THREE_CALLS = WAITING.withMaxCalls(3);

  /** One rule: a history, then one invite decided against {@code calls}. */
  record Row(
      String rule,
      Policy policy,
      UnaryOperator<History> history,
      InviteFacts invite,
      List<CurrentCall> calls,
      Decision expected) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Row> rows() {
    UnaryOperator<History> none = h -> h;
    UnaryOperator<History> threeCallersNow = h -> h.rang(ALICE, 1).rang(BOB, 1).rang(CAROL, 1);
    return Stream.of(
        // per-caller cap
        row("caller cap: 1 incoming call from the caller", none, List.of(in(MALLORY)), ring()),
        row(
            "caller cap: 2 incoming calls from the caller reach it",
            none,
            List.of(in(MALLORY), in(MALLORY)),
            refused(CALLER_CALLS)),
        row(
            "caller cap counts incoming calls only",
            none,
            List.of(out(MALLORY, LOW, ACTIVE), out(MALLORY, MID, ACTIVE)),
            ring()),
        // the phone's cap on all its calls, in and out
        new Row(
            "phone cap: 2 calls of 3, an outgoing one among them",
            THREE_CALLS,
            none,
            stranger(ALICE, MID),
            List.of(out(BOB, LOW, ACTIVE), in(CAROL)),
            ring()),
        new Row(
            "phone cap: 3 calls of 3 (outgoing ones count) reach it: BUSY",
            THREE_CALLS,
            none,
            stranger(ALICE, MID),
            List.of(out(BOB, LOW, ACTIVE), out(CAROL, LOW, RINGING), in(DAVE)),
            refused(PHONE_CALLS)),
        new Row(
            "phone cap holds for a contact too",
            THREE_CALLS,
            none,
            contact(ALICE),
            List.of(out(BOB, LOW, ACTIVE), out(CAROL, LOW, ACTIVE), out(DAVE, LOW, ACTIVE)),
            refused(PHONE_CALLS)),
        // total cap
        row("total cap: 3 incoming calls", none, List.of(in(ALICE), in(BOB), in(CAROL)), ring()),
        row(
            "total cap: 4 incoming calls reach it for a stranger",
            none,
            List.of(in(ALICE), in(BOB), in(CAROL), in(DAVE)),
            refused(TOTAL_CALLS)),
        row(
            "total cap counts incoming calls only",
            none,
            List.of(
                out(ALICE, LOW, ACTIVE), out(BOB, LOW, ACTIVE), out(CAROL, LOW, ACTIVE), in(DAVE)),
            ring()),
        new Row(
            "a contact passes the total cap",
            WAITING,
            none,
            contact(ALICE),
            List.of(in(MALLORY), in(BOB), in(CAROL), in(DAVE)),
            ring()),
        new Row(
            "a contact is still held to the caller cap",
            WAITING,
            none,
            contact(ALICE),
            List.of(in(ALICE), in(ALICE), in(BOB), in(CAROL)),
            refused(CALLER_CALLS)),
        // per-caller rate
        row("caller rate: a burst of 5", h -> h.rang(MALLORY, 4), List.of(), ring()),
        row(
            "caller rate: the 6th is refused",
            h -> h.rang(MALLORY, 5),
            List.of(),
            refused(CALLER_RATE)),
        row(
            "caller rate: no token 1.999 s later (one per 2 s)",
            h -> h.rang(MALLORY, 5).advance(1_999),
            List.of(),
            refused(CALLER_RATE)),
        row(
            "caller rate: one token 2 s later",
            h -> h.rang(MALLORY, 5).advance(2_000),
            List.of(),
            ring()),
        new Row(
            "caller rate is per caller",
            WAITING,
            h -> h.rang(MALLORY, 5),
            stranger(ALICE, MID),
            List.of(),
            ring()),
        new Row(
            "a contact is held to its own caller rate",
            WAITING,
            h -> h.rangContact(ALICE, 5),
            contact(ALICE),
            List.of(),
            refused(CALLER_RATE)),
        // overall rate (strangers)
        row("overall rate: a burst of 20 strangers", h -> h.strangers(19), List.of(), ring()),
        row(
            "overall rate: the 21st stranger is refused",
            h -> h.strangers(20),
            List.of(),
            refused(OVERALL_RATE)),
        row(
            "overall rate: no token 499 ms later (2 per s)",
            h -> h.strangers(20).advance(499),
            List.of(),
            refused(OVERALL_RATE)),
        row(
            "overall rate: one token 500 ms later",
            h -> h.strangers(20).advance(500),
            List.of(),
            ring()),
        row(
            "overall rate: after its 10 s period a whole burst of 20 again, and no more",
            h -> h.strangers(20).advance(10_000).strangers(20),
            List.of(),
            refused(OVERALL_RATE)),
        new Row(
            "a contact passes the overall rate",
            WAITING,
            h -> h.strangers(20),
            contact(ALICE),
            List.of(),
            ring()),
        // refusals take no token
        row(
            "refused by a cap, an invite takes no token",
            h ->
                h.refused(MALLORY, 10, List.of(in(MALLORY), in(MALLORY)), CALLER_CALLS)
                    .rang(MALLORY, 4),
            List.of(),
            ring()),
        row(
            "refused by the overall rate, a stranger keeps its own tokens",
            h -> h.strangers(20).refused(MALLORY, 10, List.of(), OVERALL_RATE).advance(500),
            List.of(),
            ring()),
        // the bounded table of callers
        new Row(
            "too many callers: the table of 3 is full of callers active now",
            THREE_CALLERS,
            threeCallersNow,
            stranger(MALLORY, MID),
            List.of(),
            refused(TOO_MANY_CALLERS)),
        new Row(
            "too many callers: a tracked caller still passes",
            THREE_CALLERS,
            threeCallersNow,
            stranger(ALICE, MID),
            List.of(),
            ring()),
        new Row(
            "idle eviction: not before a caller's bucket has refilled (1.999 s)",
            THREE_CALLERS,
            h -> threeCallersNow.apply(h).advance(1_999),
            stranger(MALLORY, MID),
            List.of(),
            refused(TOO_MANY_CALLERS)),
        new Row(
            "idle eviction: an idle caller makes room (2 s)",
            THREE_CALLERS,
            h -> threeCallersNow.apply(h).advance(2_000),
            stranger(MALLORY, MID),
            List.of(),
            ring()),
        // glare
        glare(
            "glare: the invite's id is smaller, our dialling call loses",
            LOW,
            List.of(out(MALLORY, HIGH, DIALING)),
            ring(HIGH)),
        glare(
            "glare: our id is smaller, the invite is refused",
            HIGH,
            List.of(out(MALLORY, LOW, DIALING)),
            refused(GLARE)),
        glare(
            "glare: our call ringing at the peer counts too",
            HIGH,
            List.of(out(MALLORY, LOW, RINGING)),
            refused(GLARE)),
        glare(
            "glare: our call ringing at the peer loses too",
            LOW,
            List.of(out(MALLORY, HIGH, RINGING)),
            ring(HIGH)),
        glare(
            "glare: equal ids, ours stands",
            LOW,
            List.of(out(MALLORY, LOW, DIALING)),
            refused(GLARE)),
        glare(
            "glare: ids compare unsigned",
            new CallId(Long.MIN_VALUE, 0),
            List.of(out(MALLORY, new CallId(Long.MAX_VALUE, 0), DIALING)),
            refused(GLARE)),
        glare(
            "glare ignores an ACTIVE call (smaller id)",
            HIGH,
            List.of(out(MALLORY, LOW, ACTIVE)),
            ring()),
        glare(
            "glare ignores an ACTIVE call (larger id)",
            LOW,
            List.of(out(MALLORY, HIGH, ACTIVE)),
            ring()),
        glare("glare only with the same peer", HIGH, List.of(out(ALICE, LOW, DIALING)), ring()),
        glare("glare only with our outgoing calls", HIGH, List.of(in(MALLORY, LOW)), ring()),
        glare(
            "glare with two of ours, both larger: both lose",
            LOW,
            List.of(out(MALLORY, MID, DIALING), out(MALLORY, HIGH, RINGING)),
            ring(MID, HIGH)),
        glare(
            "glare with two of ours, one smaller: refused, and neither loses",
            MID,
            List.of(out(MALLORY, HIGH, DIALING), out(MALLORY, LOW, DIALING)),
            refused(GLARE)),
        // call waiting
        new Row(
            "call waiting on: a second call rings",
            WAITING,
            none,
            stranger(MALLORY, MID),
            List.of(out(ALICE, LOW, ACTIVE)),
            ring()),
        new Row(
            "call waiting off: busy during a call",
            NO_WAITING,
            none,
            stranger(MALLORY, MID),
            List.of(out(ALICE, LOW, ACTIVE)),
            refused(BUSY)),
        new Row(
            "call waiting off: busy while dialling someone",
            NO_WAITING,
            none,
            stranger(MALLORY, MID),
            List.of(out(ALICE, LOW, DIALING)),
            refused(BUSY)),
        new Row(
            "call waiting off: busy while another call rings here",
            NO_WAITING,
            none,
            stranger(MALLORY, MID),
            List.of(in(ALICE)),
            refused(BUSY)),
        new Row(
            "call waiting off: without a call it rings",
            NO_WAITING,
            none,
            stranger(MALLORY, MID),
            List.of(),
            ring()),
        new Row(
            "call waiting off: the only call loses glare, so the invite rings",
            NO_WAITING,
            none,
            stranger(MALLORY, LOW),
            List.of(out(MALLORY, HIGH, DIALING)),
            ring(HIGH)),
        new Row(
            "call waiting off: a call lost glare, another is on: busy, and ours still loses",
            NO_WAITING,
            none,
            stranger(MALLORY, LOW),
            List.of(out(MALLORY, HIGH, DIALING), out(ALICE, MID, ACTIVE)),
            new Refuse(BUSY, Optional.of(EndReason.BUSY), List.of(HIGH))),
        // the refusal-answer rate
        row(
            "refusal answers: 10 a second, the 11th refusal goes unanswered",
            h -> h.refused(MALLORY, 10, List.of(in(MALLORY), in(MALLORY)), CALLER_CALLS),
            List.of(in(MALLORY), in(MALLORY)),
            unanswered(CALLER_CALLS)),
        row(
            "refusal answers: one more 100 ms later",
            h ->
                h.refused(MALLORY, 10, List.of(in(MALLORY), in(MALLORY)), CALLER_CALLS)
                    .advance(100),
            List.of(in(MALLORY), in(MALLORY)),
            refused(CALLER_CALLS)),
        row(
            "refusal answers: the guard's refusals share the rate",
            h -> h.guardAnswered(10),
            List.of(in(MALLORY), in(MALLORY)),
            unanswered(CALLER_CALLS)),
        glare(
            "refusal answers: glare is answered beyond the rate",
            HIGH,
            List.of(out(MALLORY, LOW, DIALING)),
            refused(GLARE),
            h -> h.guardAnswered(10)),
        new Row(
            "refusal answers: busy is answered beyond the rate",
            NO_WAITING,
            h -> h.guardAnswered(10),
            stranger(MALLORY, MID),
            List.of(in(ALICE)),
            refused(BUSY)),
        // order of checks
        row(
            "order: the caller cap before the total cap",
            none,
            List.of(in(MALLORY), in(MALLORY), in(ALICE), in(BOB)),
            refused(CALLER_CALLS)),
        row(
            "order: the caps before the rates",
            h -> h.rang(MALLORY, 5).strangers(15),
            List.of(in(ALICE), in(BOB), in(CAROL), in(DAVE)),
            refused(TOTAL_CALLS)),
        new Row(
            "order: the caps before the caller table",
            THREE_CALLERS,
            threeCallersNow,
            stranger(MALLORY, MID),
            List.of(in(ALICE), in(BOB), in(CAROL), in(DAVE)),
            refused(TOTAL_CALLS)),
        row(
            "order: the caller rate before the overall rate",
            h -> h.rang(MALLORY, 5).strangers(15),
            List.of(),
            refused(CALLER_RATE)),
        glare(
            "order: the limits before glare",
            LOW,
            List.of(out(MALLORY, HIGH, DIALING)),
            refused(CALLER_RATE),
            h -> h.rang(MALLORY, 5)),
        new Row(
            "order: glare before call waiting",
            NO_WAITING,
            none,
            stranger(MALLORY, HIGH),
            List.of(out(MALLORY, LOW, DIALING), out(ALICE, MID, ACTIVE)),
            refused(GLARE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void eachRuleDecides(Row row) {
    History h = row.history().apply(new History(row.policy()));
    assertThat(h.admission.decide(row.invite(), row.calls())).isEqualTo(row.expected());
  }

  // ---- counters (what IncomingStats reports) ----

  @Test
  void oneCallerGetsItsBurstThenOneInviteEveryTwoSeconds() {
    History h = new History(WAITING).rang(MALLORY, 5);
    h.refused(MALLORY, 45, List.of(), CALLER_RATE).advance(1_999);
    h.refused(MALLORY, 1, List.of(), CALLER_RATE).advance(1).rang(MALLORY, 1);
    assertThat(h.admission.admitted()).isEqualTo(6);
    assertThat(h.admission.refused(CALLER_RATE)).isEqualTo(46);
    assertThat(h.admission.refusedByLimits()).isEqualTo(46);
    assertThat(h.admission.refusalsUnanswered())
        .as("of the first 45 refusals 10 are answered; the 46th after the refusal rate refilled")
        .isEqualTo(35);
  }

  @Test
  void manyStrangersShareOneOverallBudget() {
    History h = new History(WAITING).strangers(20);
    for (int i = 0; i < 80; i++) {
      h.refused(peer(1_000 + i), 1, List.of(), OVERALL_RATE);
    }
    assertThat(h.admission.admitted()).isEqualTo(20);
    assertThat(h.admission.refused(OVERALL_RATE)).isEqualTo(80);
    assertThat(h.admission.trackedCallers()).isEqualTo(100);
  }

  @Test
  void glareAndBusyCountAsAdmittedAndNotAsRefusedByLimits() {
    History h = new History(NO_WAITING);
    CallAdmission a = h.admission;
    assertThat(a.decide(stranger(MALLORY, HIGH), List.of(out(MALLORY, LOW, DIALING))))
        .isEqualTo(refused(GLARE));
    assertThat(a.decide(stranger(ALICE, MID), List.of(in(BOB)))).isEqualTo(refused(BUSY));
    assertThat(a.decide(stranger(BOB, MID), List.of(in(BOB), in(BOB))))
        .isEqualTo(refused(CALLER_CALLS));
    assertThat(a.decide(stranger(CAROL, MID), List.of())).isEqualTo(ring());
    assertThat(a.admitted()).as("limits passed: glare, busy and the ring").isEqualTo(3);
    assertThat(a.refusedByLimits()).isEqualTo(1);
    assertThat(a.refused(GLARE)).isEqualTo(1);
    assertThat(a.refused(BUSY)).isEqualTo(1);
    assertThat(a.refusalsUnanswered()).isZero();
    h.guardAnswered(9);
    assertThat(a.answer(EndReason.BUSY)).isEmpty();
    assertThat(a.refusalsUnanswered()).isEqualTo(1);
  }

  @Test
  void theCallerTableStaysBounded() {
    History h = new History(THREE_CALLERS).rang(ALICE, 1).rang(BOB, 1).rang(CAROL, 1);
    h.refused(MALLORY, 1, List.of(), TOO_MANY_CALLERS);
    assertThat(h.admission.trackedCallers()).isEqualTo(3);
    h.advance(2_000).rang(MALLORY, 1);
    assertThat(h.admission.trackedCallers()).isEqualTo(3);
  }

  // ---- rows ----

  static Row row(String rule, UnaryOperator<History> history, List<CurrentCall> calls, Decision d) {
    return new Row(rule, WAITING, history, stranger(MALLORY, MID), calls, d);
  }

  static Row glare(String rule, CallId invite, List<CurrentCall> calls, Decision d) {
    return glare(rule, invite, calls, d, h -> h);
  }

  static Row glare(
      String rule, CallId invite, List<CurrentCall> calls, Decision d, UnaryOperator<History> h) {
    return new Row(rule, WAITING, h, stranger(MALLORY, invite), calls, d);
  }

  static PeerId peer(int n) {
    byte[] b = new byte[PeerId.LENGTH];
    Arrays.fill(b, (byte) n);
    b[0] = (byte) (n >> 8);
    return new PeerId(b);
  }

  static InviteFacts stranger(PeerId caller, CallId id) {
    return new InviteFacts(caller, id, false);
  }

  static InviteFacts contact(PeerId caller) {
    return new InviteFacts(caller, MID, true);
  }

  static CurrentCall in(PeerId peer) {
    return in(peer, new CallId(1, ids.incrementAndGet()));
  }

  static CurrentCall in(PeerId peer, CallId id) {
    return new CurrentCall(id, peer, CallFlow.Role.CALLEE, RINGING);
  }

  static CurrentCall out(PeerId peer, CallId id, CallState state) {
    return new CurrentCall(id, peer, CallFlow.Role.CALLER, state);
  }

  static Ring ring(CallId... losers) {
    return new Ring(List.of(losers));
  }

  static Refuse refused(Reason why) {
    return new Refuse(why, Optional.of(why.answer()), List.of());
  }

  static Refuse unanswered(Reason why) {
    return new Refuse(why, Optional.empty(), List.of());
  }

  /** An admission on a fake clock, and the invites that came before the row's. */
  static final class History {
    final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    final CallAdmission admission;

    History(Policy policy) {
      admission = new CallAdmission(policy, nanos::get);
    }

    History advance(long millis) {
      nanos.addAndGet(millis * 1_000_000);
      return this;
    }

    /** {@code n} invites from stranger {@code caller}, each of which must ring. */
    History rang(PeerId caller, int n) {
      return expect(stranger(caller, MID), n, List.of(), ring());
    }

    History rangContact(PeerId caller, int n) {
      return expect(contact(caller), n, List.of(), ring());
    }

    /** One invite from each of {@code n} other strangers, each of which must ring. */
    History strangers(int n) {
      for (int i = 0; i < n; i++) {
        rang(peer(256 + i), 1);
      }
      return this;
    }

    /** {@code n} invites from stranger {@code caller}, each refused {@code why}. */
    History refused(PeerId caller, int n, List<CurrentCall> calls, Reason why) {
      for (int i = 0; i < n; i++) {
        Decision d = admission.decide(stranger(caller, MID), calls);
        assertThat(d).isInstanceOf(Refuse.class);
        assertThat(((Refuse) d).reason()).isEqualTo(why);
      }
      return this;
    }

    /** {@code n} refusals by the guard, each of which must be answered. */
    History guardAnswered(int n) {
      for (int i = 0; i < n; i++) {
        assertThat(admission.answer(EndReason.REJECTED)).contains(EndReason.REJECTED);
      }
      return this;
    }

    private History expect(InviteFacts invite, int n, List<CurrentCall> calls, Decision d) {
      for (int i = 0; i < n; i++) {
        assertThat(admission.decide(invite, calls)).isEqualTo(d);
      }
      return this;
    }
  }
}
