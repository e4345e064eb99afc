package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.PathState;
import io.peervoice.session.RestartReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartTriggerTest {
  private final List<RestartReason> asked = new ArrayList<>();
  private final RestartTrigger trigger = new RestartTrigger();

  RestartTriggerTest() {
    trigger.onRestartNeeded(asked::add);
  }

  @Test
  void consentLossAsksOnceUntilTheRestartEnds() {
    trigger.pathState(PathState.CONNECTED);
    assertThat(asked).isEmpty();
    trigger.pathState(PathState.DISCONNECTED);
    trigger.pathState(PathState.FAILED);
    trigger.networkChanged();
    assertThat(asked).containsExactly(RestartReason.CONSENT_LOST);

    trigger.ended();
    trigger.networkChanged();
    assertThat(asked).containsExactly(RestartReason.CONSENT_LOST, RestartReason.NETWORK_CHANGED);
  }

  @Test
  void aRestartBegunElsewhereAbsorbsCuesAndAClosedTriggerIsSilent() {
    trigger.started();
    trigger.pathState(PathState.DISCONNECTED);
    assertThat(asked).isEmpty();
    trigger.ended();
    trigger.close();
    trigger.networkChanged();
    assertThat(asked).isEmpty();
  }
}
