package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.ConferenceMixer;
import io.peervoice.signaling.PeerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the host tells its participants, on a fake clock; and the roster's wire form. */
class ConferenceRosterTest {
  private static final long MS = 1_000_000L;
  private static final PeerId HOST = peer(1);
  private static final PeerId BOB = peer(2);
  private static final PeerId CAROL = peer(3);

  private static PeerId peer(int n) {
    byte[] b = new byte[20];
    b[19] = (byte) n;
    return new PeerId(b);
  }

  private static List<Conference.Member> roster(boolean bobSpeaks, boolean carolMuted) {
    Map<String, PeerId> peers = new LinkedHashMap<>();
    peers.put("leg-b", BOB);
    peers.put("leg-c", CAROL);
    return ConferenceRoster.members(
        HOST,
        peers,
        List.of(
            new ConferenceMixer.Level(Conference.HOST_PORT, -127, false, false, false, 1),
            new ConferenceMixer.Level(
                "leg-b", bobSpeaks ? -20.04 : -70, bobSpeaks, false, false, 1),
            new ConferenceMixer.Level("leg-c", -60, false, carolMuted, false, 1),
            new ConferenceMixer.Level("gone", -60, false, false, false, 1)));
  }

  @Test
  void theHostComesFirstAndPortsWithoutAPeerAreLeftOut() {
    List<Conference.Member> r = roster(true, false);
    assertThat(r).extracting(Conference.Member::peer).containsExactly(HOST, BOB, CAROL);
    assertThat(r.get(0).host()).isTrue();
    assertThat(r.get(1).host()).isFalse();
    assertThat(r.get(1).speaking()).isTrue();
    assertThat(r.get(1).levelDbov()).isEqualTo(-20.0);
  }

  @Test
  void structuralChangesGoAtOnceSpeakersAtMostTwiceASecondLevelsNever() {
    ConferenceRoster told = new ConferenceRoster();
    long t = 5_000 * MS;
    assertThat(told.due(roster(false, false), t)).as("the first state").isTrue();
    long first = told.epoch();
    assertThat(first).isPositive();
    assertThat(told.due(roster(false, false), t + 10 * MS)).as("nothing changed").isFalse();
    assertThat(told.due(roster(false, true), t + 20 * MS)).as("carol muted: at once").isTrue();
    assertThat(told.due(roster(true, true), t + 30 * MS)).as("bob speaks, too soon").isFalse();
    assertThat(told.due(roster(true, true), t + 520 * MS)).as("500 ms later").isTrue();
    long third = told.epoch();
    assertThat(third).isGreaterThan(first);
    assertThat(told.due(roster(false, true), t + 600 * MS)).isFalse();
    assertThat(told.epoch()).as("nothing sent, same epoch").isEqualTo(third);
    assertThat(told.nextEpoch()).as("epochs only grow").isGreaterThan(third);
  }

  @Test
  void aLaterConferenceStartsAboveTheEpochsOfAnEarlierOne() {
    ConferenceRoster earlier = new ConferenceRoster();
    earlier.due(roster(false, false), 0);
    long last = earlier.nextEpoch();
    ConferenceRoster later = new ConferenceRoster(); // the same call merged again
    later.due(roster(false, false), 0);
    assertThat(later.epoch()).isGreaterThan(last);
  }

  @Test
  void onlyTheSendersOwnClaimThatListsUsIsPlausible() {
    var wire = ConferenceRoster.wire(roster(false, false)); // host HOST; BOB, CAROL listed
    assertThat(ConferenceRoster.plausible(wire, HOST, BOB)).isTrue();
    assertThat(ConferenceRoster.plausible(List.of(), HOST, BOB)).as("dissolved").isTrue();
    assertThat(ConferenceRoster.plausible(wire, CAROL, BOB))
        .as("the host is not the sender")
        .isFalse();
    assertThat(ConferenceRoster.plausible(wire, HOST, peer(9))).as("we are not listed").isFalse();
    var noHost = ConferenceRoster.wire(roster(false, false).subList(1, 3));
    assertThat(ConferenceRoster.plausible(noHost, HOST, BOB)).as("no host").isFalse();
    List<Conference.Member> two = new java.util.ArrayList<>(roster(false, false));
    Conference.Member b = two.get(1);
    two.set(1, new Conference.Member(b.peer(), true, false, -70, false, false));
    assertThat(ConferenceRoster.plausible(ConferenceRoster.wire(two), HOST, BOB))
        .as("two hosts")
        .isFalse();
  }

  @Test
  void theWireFormRoundsLevelsAndKeepsEveryFlag() {
    List<Conference.Member> r = roster(true, true);
    List<Conference.Member> back = ConferenceRoster.fromWire(ConferenceRoster.wire(r));
    assertThat(back).extracting(Conference.Member::peer).containsExactly(HOST, BOB, CAROL);
    assertThat(back.get(1).levelDbov()).isEqualTo(-20.0);
    assertThat(back.get(2).muted()).isTrue();
    assertThat(back.get(0).levelDbov()).isEqualTo(-127.0);
  }
}
