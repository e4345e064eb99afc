package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.PathState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsentMonitorTest {
  private final ConsentMonitor monitor =
      new ConsentMonitor(Duration.ofSeconds(6), Duration.ofSeconds(30));

  @Test
  void ageOfTheLastConsentGivesTheState() {
    assertThat(monitor.evaluate(1_000, 0, 6_999)).isEqualTo(PathState.CONNECTED);
    assertThat(monitor.evaluate(1_000, 0, 7_000)).isEqualTo(PathState.DISCONNECTED);
    assertThat(monitor.evaluate(1_000, 0, 31_000)).isEqualTo(PathState.FAILED);
    assertThat(monitor.evaluate(-1, 10_000, 12_000)).isEqualTo(PathState.CONNECTED);
    assertThat(monitor.evaluate(-1, 10_000, 16_000)).isEqualTo(PathState.DISCONNECTED);
  }

  @Test
  void theNextChangeIsDueWhenTheLastConsentGetsTooOld() {
    assertThat(monitor.untilNextChange(1_000, 0, 2_000)).isEqualTo(5_000);
    assertThat(monitor.untilNextChange(1_000, 0, 7_000)).isEqualTo(24_000);
    assertThat(monitor.untilNextChange(1_000, 0, 31_000)).isEqualTo(-1);
    assertThat(monitor.untilNextChange(-1, 10_000, 12_000)).isEqualTo(4_000);
  }
}
