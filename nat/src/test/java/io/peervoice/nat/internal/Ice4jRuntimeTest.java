package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.ice4j.ice.AgentConfig;
import org.ice4j.ice.harvest.HarvestConfig;
import org.junit.jupiter.api.Test;

class Ice4jRuntimeTest {

  @Test
  void clientSettingsWinOverStraySystemProperties() {
    String[] keys = {
      "ice4j.harvest.mapping.aws.enabled",
      "ice4j.harvest.use-link-local-addresses",
      "org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER"
    };
    System.setProperty(keys[0], "true");
    System.setProperty(keys[1], "true");
    System.setProperty(keys[2], "false");
    try {
      Ice4jRuntime.apply();
      assertThat(HarvestConfig.config.enableAwsHarvester()).isFalse();
      assertThat(HarvestConfig.config.useLinkLocalAddresses()).isFalse();
      assertThat(AgentConfig.config.getTerminationDelay()).isZero();
    } finally {
      for (String key : keys) {
        System.clearProperty(key);
      }
    }
  }
}
