package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A small run of the scale simulation (the 2,000-node figures come from peervoice bench overlay).
 */
class OverlaySimulationTest {

  @Test
  void lookupsSucceedBeforeAndAfterAFifthOfTheNodesDie() {
    SimulationConfig config = new SimulationConfig(80, 20, 400, 20, 3, 10, 80, 0.01, 20, 30_000, 2);
    SimulationResult r = OverlaySimulation.run(config);
    assertThat(r.killed()).isEqualTo(16);
    assertThat(r.lookupSuccessPct()).isGreaterThanOrEqualTo(99.9);
    assertThat(r.lookupSuccessPctAfterKill()).isGreaterThanOrEqualTo(99.9);
    assertThat(r.hopsMean()).isBetween(1.0, 4.0);
    assertThat(r.datagramsLost()).as("loss was simulated").isPositive();
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    SimulationConfig config = new SimulationConfig(20, 5, 50, 20, 11, 10, 80, 0.01, 20, 5_000, 2);
    assertThat(OverlaySimulation.run(config)).isEqualTo(OverlaySimulation.run(config));
  }
}
