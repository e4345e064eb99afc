package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.testkit.FakeTimers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S9 conf: calls (a conference's legs) that tick in one phase, on virtual time: each plays out at
 * the phase's instants and sends a lag later, whatever grid it had; back to one tick of its own
 * when it leaves; a stall keeps the phase.
 */
class PhasedTicksTest {
  private static final long MS = 1_000_000L;

  private final FakeTimers clock = new FakeTimers();
  private final List<String> halves = new ArrayList<>();

  /** A call's timers started at {@code startMillis}; its ticks are recorded as "name@ms". */
  private MediaTimers call(String name, long startMillis) {
    clock.advanceMillis(startMillis - clock.now());
    return new MediaTimers(
        clock,
        late -> halves.add(name + " tick@" + clock.now()),
        () -> {},
        clock::nanos,
        new TickLattice(5 * MS, 2 * MS));
  }

  private PhasedTicks phase(String name, long phaseMillis, long lagMillis) {
    return new PhasedTicks(
        phaseMillis * MS,
        lagMillis * MS,
        late -> halves.add(name + " play@" + clock.now()),
        late -> halves.add(name + " send@" + clock.now() + (late == 0 ? "" : " late " + late)));
  }

  @Test
  void callsOnTheirOwnGridsPlayOutTogetherAtThePhaseAndSendALagLater() {
    MediaTimers a = call("a", 0);
    MediaTimers b = call("b", 9); // a ticks at 0, 22, 42, ...; b at 9, 27, 47, ...
    clock.advanceMillis(31); // at 40 ms
    halves.clear();
    a.phase(phase("a", 1_003, 5));
    b.phase(phase("b", 3, 5)); // the same grid: 3 + 20k ms
    clock.advanceMillis(60);
    assertThat(halves)
        .as("from the next instant half a frame on, both on one grid, playouts before sends")
        .containsExactly(
            "a play@63",
            "b play@63",
            "a send@68",
            "b send@68",
            "a play@83",
            "b play@83",
            "a send@88",
            "b send@88");
  }

  @Test
  void aCallLeavingThePhaseTicksAloneAgainAndNoHalfRunsAfter() {
    MediaTimers a = call("a", 0);
    a.phase(phase("a", 3, 5));
    clock.advanceMillis(40);
    halves.clear();
    a.phase(null);
    clock.advanceMillis(50);
    assertThat(halves)
        .as("one tick again, on the lattice instant nearest a frame on")
        .containsExactly("a tick@62", "a tick@82");
  }

  @Test
  void afterAStallThePhaseIsKept() {
    MediaTimers a = call("a", 0);
    a.phase(phase("a", 3, 5));
    clock.advanceMillis(30); // play 23, send 28
    clock.stallMillis(3_000);
    halves.clear();
    clock.advanceMillis(60);
    assertThat(halves.get(0)).as("the stalled playout runs once").isEqualTo("a play@3030");
    assertThat(halves.subList(1, halves.size()))
        .as("then the grid restarts on the phase, not 150 halves back to back")
        .containsExactly(
            "a play@3043",
            "a send@3048",
            "a play@3063",
            "a send@3068",
            "a play@3083",
            "a send@3088");
  }

  @Test
  void stoppedTimersRunNoHalf() {
    MediaTimers a = call("a", 0);
    a.phase(phase("a", 3, 5));
    clock.advanceMillis(24);
    boolean[] released = {false};
    a.stop(() -> released[0] = true);
    halves.clear();
    a.phase(phase("a", 3, 5)); // a late join after the call ended: nothing
    clock.advanceMillis(100);
    assertThat(released[0]).isTrue();
    assertThat(halves).isEmpty();
  }

  @Test
  void aLagOfAFrameOrMoreIsRefused() {
    assertThatThrownBy(() -> phase("a", 0, 20)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> phase("a", 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
