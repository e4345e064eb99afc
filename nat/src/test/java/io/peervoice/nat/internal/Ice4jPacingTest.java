package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceRole;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.ice4j.ice.Agent;
import org.ice4j.ice.NominationStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's check pacing (Ta) and nomination, which decide how many round trips and beats a host
 * pair takes: asserted on the agent itself, not timed, so a regression (ice4j's 20 ms default, or a
 * nomination that waits for every check) fails here on any machine.
 */
class Ice4jPacingTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static long ta(Agent agent) throws Exception {
    Method m = Agent.class.getDeclaredMethod("calculateTa");
    m.setAccessible(true);
    return (long) m.invoke(agent);
  }

  @Test
  void agentsPaceChecksAtFiveMillisecondsAndNominateThemselves() throws Exception {
    IceConfig config = IceConfig.builder().loopbackFallback(false).build();
    for (IceRole role : IceRole.values()) {
      try (Ice4jSession session = new Ice4jSession(config, role, scheduler, Thread::new)) {
        assertThat(ta(session.agent())).as("Ta of the %s agent", role).isEqualTo(5);
        assertThat(session.agent().getNominationStrategy())
            .isEqualTo(NominationStrategy.NONE); // RelayGraceNominator
      }
    }
  }

  @Test
  void theConfiguredPacingReachesTheAgent() throws Exception {
    IceConfig config =
        IceConfig.builder().loopbackFallback(false).checkPacing(Duration.ofMillis(50)).build();
    try (Ice4jSession session =
        new Ice4jSession(config, IceRole.CONTROLLING, scheduler, Thread::new)) {
      assertThat(ta(session.agent())).isEqualTo(50);
    }
    assertThat(config.toBuilder().build().checkPacing()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void withRelaysBesideDirectCandidatesChecksArePacedAtIce4jsTwentyMilliseconds() {
    var turn = new io.peervoice.nat.TurnServer("127.0.0.1", 3478, "u", "p");
    IceConfig direct = IceConfig.builder().loopbackFallback(false).build();
    IceConfig withRelays = direct.toBuilder().addTurnServer(turn).build();
    IceConfig relayOnly = withRelays.toBuilder().relayOnly(true).build();
    assertThat(Ice4jAgentSetup.pacing(direct)).isEqualTo(5);
    assertThat(Ice4jAgentSetup.pacing(withRelays))
        .as("a relay must not win the first-valid nomination over a hole being punched")
        .isEqualTo(20);
    assertThat(Ice4jAgentSetup.pacing(relayOnly)).isEqualTo(5);
    assertThat(
            Ice4jAgentSetup.pacing(
                withRelays.toBuilder().checkPacing(Duration.ofMillis(50)).build()))
        .isEqualTo(50);
  }

  @Test
  void pacingBelowTheRfcFloorOrAboveASecondIsRefused() {
    assertThatThrownBy(() -> IceConfig.builder().checkPacing(Duration.ofMillis(4)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 ms");
    assertThatThrownBy(() -> IceConfig.builder().checkPacing(Duration.ofMillis(1001)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(IceConfig.defaults().checkPacing()).isEqualTo(IceConfig.MIN_CHECK_PACING);
  }
}
