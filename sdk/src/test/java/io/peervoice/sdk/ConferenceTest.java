package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A conference hosted by a phone, in process through three real nodes: merging (a held call is
 * resumed), the roster reaching each participant, mute, a participant leaving ends only its leg,
 * the last two dissolving into a plain call, and refusals.
 */
class ConferenceTest {
  private final SecureRandom random = new SecureRandom();
  private final PhoneLab lab = new PhoneLab();
  private final Map<PeerId, Call> incoming = new ConcurrentHashMap<>();
  private final List<String> rosterEvents = new CopyOnWriteArrayList<>();

  ConferenceTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  private Phone phone(boolean answers) throws Exception {
    Identity id = Identity.generate(random);
    return lab.phone(
        id,
        b ->
            b.audioSource(call -> AudioSource.silence())
                .audioSink(call -> (AudioSink) frame -> {})
                .listeners(
                    call ->
                        new CallListener() {
                          @Override
                          public void onRinging(Call c) {
                            if (answers && c.direction() == CallDirection.INCOMING) {
                              incoming.put(id.peerId(), c);
                              c.answer();
                            }
                          }

                          @Override
                          public void onConference(Call c, List<Conference.Member> members) {
                            rosterEvents.add(id.peerId() + ":" + members.size());
                          }
                        }));
  }

  private static Call answered(Phone host, Phone peer) throws Exception {
    Call c = host.call(peer.id());
    c.mediaStarted().get(20, TimeUnit.SECONDS);
    return c;
  }

  private static List<PeerId> peers(List<Conference.Member> roster) {
    return roster.stream().map(Conference.Member::peer).toList();
  }

  @Test
  void aHostMergesCallsTellsTheRosterAndLegsLeaveOneByOne() throws Exception {
    Phone host = phone(false);
    Phone bob = phone(true);
    Phone carol = phone(true);
    Phone dave = phone(true);
    Call toBob = answered(host, bob);
    Call toCarol = answered(host, carol);
    Call toDave = answered(host, dave);
    toCarol.hold();
    assertThat(toCarol.stats().onHold()).isTrue();

    Conference conf = toBob.merge(toCarol);
    assertThat(toCarol.stats().onHold()).as("merging takes a held call off hold").isFalse();
    assertThat(toBob.merge(toDave)).as("the conference bob's call is in").isSameAs(conf);
    assertThat(conf.calls()).containsExactly(toBob, toCarol, toDave);
    assertThat(peers(conf.participants()))
        .containsExactly(host.id(), bob.id(), carol.id(), dave.id());
    assertThat(conf.participants().get(0).host()).isTrue();
    assertThatThrownBy(() -> conf.add(toDave)).hasMessageContaining("already in a conference");
    assertThatThrownBy(() -> host.conference(toBob)).isInstanceOf(IllegalArgumentException.class);

    Call bobSide = incoming.get(bob.id());
    Call daveSide = incoming.get(dave.id());
    Call carolSide = incoming.get(carol.id());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bobSide.conference().size() == 4 && carolSide.conference().size() == 4);
    assertThat(peers(bobSide.conference()))
        .containsExactly(host.id(), bob.id(), carol.id(), dave.id());
    assertThat(bobSide.conference().get(0).host()).isTrue();

    conf.mute(dave.id(), true);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bobSide.conference().stream().anyMatch(m -> m.muted()));
    assertThat(bobSide.conference().get(3).muted()).as("dave muted").isTrue();
    assertThatThrownBy(() -> conf.mute(new PeerId(new byte[20]), true))
        .hasMessageContaining("not in the conference");

    daveSide.hangup(); // a participant leaves: only its leg ends
    await().atMost(Duration.ofSeconds(10)).until(() -> conf.calls().size() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> bobSide.conference().size() == 3);
    assertThat(toBob.state()).isEqualTo(CallState.ACTIVE);
    assertThat(conf.ended()).isNotDone();

    carolSide.hangup(); // one leg left: the conference is over, bob's call goes on
    conf.ended().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> bobSide.conference().isEmpty());
    assertThat(toBob.state()).isEqualTo(CallState.ACTIVE);
    assertThat(conf.participants()).isEmpty();
    assertThatThrownBy(() -> conf.add(toBob)).hasMessageContaining("over");
    Conference.Figures f = conf.figures();
    // these phones send silence: nobody speaks, so nothing is mixed and every leg sent the shared
    // (silent) mix, encoded once
    assertThat(f.framesMixed()).isZero();
    assertThat(f.sharedSent()).isGreaterThan(f.sharedEncoded()).isPositive();
    assertThat(rosterEvents).anyMatch(e -> e.startsWith(bob.id() + ":"));

    toBob.hangup();
    toBob.ended().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theHostHangingUpEndsEveryLeg() throws Exception {
    Phone host = phone(false);
    Phone bob = phone(true);
    Phone carol = phone(true);
    Conference conf = host.conference(answered(host, bob), answered(host, carol));
    conf.hangup();
    conf.ended().get(10, TimeUnit.SECONDS);
    incoming.get(bob.id()).ended().get(10, TimeUnit.SECONDS);
    incoming.get(carol.id()).ended().get(10, TimeUnit.SECONDS);
    assertThat(host.calls()).isEmpty();
  }

  @Test
  void aParticipantFollowsAConferenceFormedAgainOnTheSameCall() throws Exception {
    Phone host = phone(false);
    Phone bob = phone(true);
    Phone carol = phone(true);
    Phone dave = phone(true);
    Call toBob = answered(host, bob);
    Conference first = host.conference(toBob, answered(host, carol));
    Call bobSide = incoming.get(bob.id());
    await().atMost(Duration.ofSeconds(10)).until(() -> bobSide.conference().size() == 3);
    incoming.get(carol.id()).hangup(); // dissolves: bob's call goes on as a plain call
    first.ended().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> bobSide.conference().isEmpty());

    Conference again = toBob.merge(answered(host, dave)); // a new conference, same call
    assertThat(again).isNotSameAs(first);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> peers(bobSide.conference()).contains(dave.id()));
    assertThat(peers(bobSide.conference())).containsExactly(host.id(), bob.id(), dave.id());
    again.hangup();
  }

  @Test
  void repeatedCallsAreRefusedBeforeAnyJoins() throws Exception {
    Phone host = phone(false);
    Phone bob = phone(true);
    Call toBob = answered(host, bob);
    assertThatThrownBy(() -> host.conference(toBob, toBob))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(toBob.audio().conference()).as("nothing half-built").isNull();
    assertThatThrownBy(() -> toBob.merge(toBob)).isInstanceOf(IllegalArgumentException.class);
    assertThat(toBob.audio().conference()).isNull();
  }
}
