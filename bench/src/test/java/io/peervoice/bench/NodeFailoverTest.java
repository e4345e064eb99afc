package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Five node processes; a callee's two nodes are killed; it must be reachable again. */
class NodeFailoverTest {

  @Test
  void aCalleeWhoseTwoNodesAreKilledIsReachableAgainThroughOthers() throws Exception {
    // a short keepalive, so that the trial is quick; the figure at the default is NodeFailover's
    NodeFailover.Trial trial = NodeFailover.trial(java.time.Duration.ofSeconds(1));
    System.out.println("failover: reachable again after " + trial.failoverMillis() + " ms");
    assertThat(trial.before()).hasSize(2);
    assertThat(trial.after()).hasSize(2).doesNotContainAnyElementsOf(trial.before());
    assertThat(trial.calleeFailovers()).isEqualTo(2);
  }
}
