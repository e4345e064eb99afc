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

  private CallMessage.PresenceProbe probe(PeerId target, long at) {
    return new CallMessage.PresenceProbe(new CallId(1, 2), 0, target.bytes(), at);
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
    nanos += TimeUnit.SECONDS.toNanos(10);
    assertThat(ask(asker, PresencePolicy.EVERYONE, false)).isEqualTo(Verdict.ANSWER);
  }
}
