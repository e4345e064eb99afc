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
    assertThat(told.epoch()).isEqualTo(1);
    assertThat(told.due(roster(false, false), t + 10 * MS)).as("nothing changed").isFalse();
    assertThat(told.due(roster(false, true), t + 20 * MS)).as("carol muted: at once").isTrue();
    assertThat(told.due(roster(true, true), t + 30 * MS)).as("bob speaks, too soon").isFalse();
    assertThat(told.due(roster(true, true), t + 520 * MS)).as("500 ms later").isTrue();
    assertThat(told.epoch()).isEqualTo(3);
    assertThat(told.due(roster(false, true), t + 600 * MS)).isFalse();
    assertThat(told.nextEpoch()).as("epochs only grow").isEqualTo(4);
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
