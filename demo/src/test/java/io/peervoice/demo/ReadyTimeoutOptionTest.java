package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.sdk.PhoneConfig;
import io.peervoice.signaling.Identity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --ready-timeout}: the phone's {@link PhoneConfig#readyTimeout()} and the preflight's wait
 * for a node's first answer both follow it; without it they keep their defaults (5 s, 3 s).
 */
class ReadyTimeoutOptionTest {
  @TempDir Path dir;

  private PhoneOptions parse(String... extra) throws Exception {
    Path id = dir.resolve("me.id");
    if (!id.toFile().exists()) {
      Identity.generate(new SecureRandom()).save(id);
    }
    ListenCommand listen = new ListenCommand();
    String[] args = new String[extra.length + 4];
    System.arraycopy(
        new String[] {"--id-file", id.toString(), "--bootstrap", "127.0.0.1:9"}, 0, args, 0, 4);
    System.arraycopy(extra, 0, args, 4, extra.length);
    new CommandLine(listen).parseArgs(args);
    return listen.phone;
  }

  @Test
  void theOptionSetsThePhonesReadyTimeoutAndThePreflightsWait() throws Exception {
    PhoneOptions slow = parse("--ready-timeout", "40");
    assertThat(slow.builder().build().readyTimeout()).isEqualTo(Duration.ofSeconds(40));
    assertThat(slow.probeTimeout()).isEqualTo(Duration.ofSeconds(40));
    assertThat(slow.attachTimeout()).isEqualTo(Duration.ofSeconds(40));
    assertThat(parse("--ready-timeout", "120").builder().build().readyTimeout())
        .as("the longest allowed")
        .isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void withoutItTheDefaultsStay() throws Exception {
    PhoneOptions usual = parse();
    assertThat(usual.builder().build().readyTimeout()).isEqualTo(PhoneConfig.DEFAULT_READY_TIMEOUT);
    assertThat(usual.probeTimeout()).isEqualTo(BootstrapProbe.TIMEOUT);
    assertThat(usual.attachTimeout()).isEqualTo(PhoneConfig.DEFAULT_READY_TIMEOUT);
  }
}
