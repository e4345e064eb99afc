package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.PresenceDesk.Verdict;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** S6 presence: who gets an answer to a probe, how often, and the asker table's bound. */
class PresenceDeskTest {
  private static final SecureRandom RANDOM = new SecureRandom(new byte[] {17});
  private final PeerId me = Identity.generate(RANDOM).peerId();
  private final PeerId asker = Identity.generate(RANDOM).peerId();
  private final long wall = 1_800_000_000_000L;
  private long nanos = 5;
  private final PresenceDesk desk = new PresenceDesk(me, () -> nanos);

  private long ids;

  /** A probe with a new id each time (a repeated id is a replay). */
  private CallMessage.PresenceProbe probe(PeerId target, long at) {
    return new CallMessage.PresenceProbe(new CallId(1, ++ids), 0, target.bytes(), at);
  }

  private Verdict ask(PeerId from, PresencePolicy policy, boolean contact) {
    return desk.decide(from, probe(me, wall), wall, policy, contact);
  }

  @Test
  void thePolicyDecidesWhoIsAnswered() {
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.ANSWER);
    assertThat(ask(asker, PresencePolicy.CONTACTS, true)).isEqualTo(Verdict.ANSWER);
    assertThat(ask(asker, PresencePolicy.CONTACTS, false)).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(ask(asker, PresencePolicy.NOBODY, true)).isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(desk.count(Verdict.NOT_ALLOWED)).isEqualTo(2);
  }

  @Test
  void aProbeForAnotherPeerOrOutOfTimeIsRefused() {
    PeerId other = Identity.generate(RANDOM).peerId();
    assertThat(desk.decide(asker, probe(other, wall), wall, PresencePolicy.EVERYONE, true))
        .isEqualTo(Verdict.RETARGETED);
    assertThat(desk.decide(asker, probe(me, wall - 60_001), wall, PresencePolicy.EVERYONE, true))
        .isEqualTo(Verdict.STALE);
    assertThat(desk.decide(asker, probe(me, wall + 60_001), wall, PresencePolicy.EVERYONE, true))
        .isEqualTo(Verdict.STALE);
    assertThat(desk.decide(asker, probe(me, wall - 60_000), wall, PresencePolicy.EVERYONE, true))
        .isEqualTo(Verdict.ANSWER);
    assertThat(desk.tracked()).isEqualTo(1); // refused probes take no place in the table
    // review: a skew of exactly Long.MIN_VALUE (Math.abs of it is negative) is stale too
    long wraps = wall - Long.MIN_VALUE; // wall - wraps == Long.MIN_VALUE
    assertThat(desk.decide(asker, probe(me, wraps), wall, PresencePolicy.EVERYONE, true))
        .isEqualTo(Verdict.STALE);
  }

  @Test
  void aReplayedProbeIsNotAnsweredAndSpendsNoneOfTheAskersRate() {
    CallMessage.PresenceProbe once = probe(me, wall);
    assertThat(desk.decide(asker, once, wall, PresencePolicy.EVERYONE, false))
        .isEqualTo(Verdict.ANSWER);
    for (int i = 0; i < 5; i++) { // a node sending the sealed probe again
      assertThat(desk.decide(asker, once, wall + 1_000, PresencePolicy.EVERYONE, false))
          .isEqualTo(Verdict.REPLAYED);
    }
    // the asker's own next two probes are still answered (its burst is 3)
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.ANSWER);
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.ANSWER);
    // once a copy would be stale the id is forgotten, and a copy then is STALE, not answered
    assertThat(desk.remembered()).isEqualTo(3);
    long later = wall + PresenceDesk.MAX_SKEW_MILLIS + 1;
    nanos += TimeUnit.SECONDS.toNanos(61);
    assertThat(desk.decide(asker, once, later, PresencePolicy.EVERYONE, false))
        .isEqualTo(Verdict.STALE);
    assertThat(desk.decide(asker, probe(me, later), later, PresencePolicy.EVERYONE, false))
        .isEqualTo(Verdict.ANSWER);
    assertThat(desk.remembered()).isEqualTo(1);
  }

  @Test
  void eachAskerGetsThreeAnswersThenOneEveryTenSeconds() {
    for (int i = 0; i < 3; i++) {
      assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.ANSWER);
    }
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.OVER_RATE);
    PeerId another = Identity.generate(RANDOM).peerId();
    assertThat(ask(another, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.ANSWER);
    nanos += TimeUnit.SECONDS.toNanos(9);
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.OVER_RATE);
    nanos += TimeUnit.SECONDS.toNanos(1);
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.ANSWER);
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.OVER_RATE);
  }

  @Test
  void allAskersTogetherGetThirtyAnswersInTenSecondsAndTheTableStaysBounded() {
    int answered = 0;
    for (int i = 0; i < 300; i++) {
      if (ask(Identity.generate(RANDOM).peerId(), PresencePolicy.EVERYONE, false)
          == Verdict.ANSWER) {
        answered++;
      }
    }
    assertThat(answered).isEqualTo(30);
    assertThat(desk.count(Verdict.OVER_RATE)).isEqualTo(270);
    assertThat(desk.tracked()).isEqualTo(PresenceDesk.MAX_ASKERS);
    assertThat(desk.remembered()).isEqualTo(30);
    nanos += TimeUnit.SECONDS.toNanos(10);
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.ANSWER);
  }
}
