package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNodeConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NodeCommandOptionsTest {
  private final Identity identity = Identity.generate(new SecureRandom());

  private RendezvousNodeConfig parse(String... args) {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs(args);
    return command.config(identity);
  }

  @Test
  void metricsAreServedOnLoopbackUnlessAnotherAddressIsNamed() throws Exception {
    assertThat(parse("--listen", "0.0.0.0:7400").metrics()).isEmpty();
    InetSocketAddress port =
        parse("--listen", "0.0.0.0:7400", "--metrics-port", "9400").metrics().get();
    assertThat(port.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(port.getPort()).isEqualTo(9400);
    InetSocketAddress listen =
        parse("--listen", "0.0.0.0:7400", "--metrics-listen", "0.0.0.0:9401").metrics().get();
    assertThat(listen.getAddress().isAnyLocalAddress()).isTrue();
    assertThat(listen.getPort()).isEqualTo(9401);
  }

  @Test
  void perIpLimitsAreOptions() {
    RendezvousNodeConfig defaults = parse();
    assertThat(defaults.perIpQuota()).isEqualTo(64);
    assertThat(defaults.signaturesPerIp()).isEqualTo(20);
    RendezvousNodeConfig lab = parse("--per-ip-quota", "5000", "--signature-rate", "1000");
    assertThat(lab.perIpQuota()).isEqualTo(5000);
    assertThat(lab.signaturesPerIp()).isEqualTo(1000);
  }

  @Test
  void outOfRangeValuesGiveOneLineAndExit2() {
    String[][] cases = {
      {"--node-id-work", "99", "peervoice node: --node-id-work must be 0..32 bits, got 99"},
      {
        "--max-per-subnet",
        "-1",
        "peervoice node: --max-per-subnet must be 0 (no limit) or more, got -1"
      },
      {"--per-ip-quota", "0", "peervoice node: --per-ip-quota must be at least 1, got 0"},
      {"--signature-rate", "0", "peervoice node: --signature-rate must be more than 0, got 0.0"},
      {"--rate-limit", "-5", "peervoice node: --rate-limit must be more than 0, got -5.0"},
    };
    for (String[] c : cases) {
      Cli cli = new Cli();
      int exit = cli.run("node", "--listen", "127.0.0.1:0", c[0], c[1]);
      assertThat(exit).as(c[0]).isEqualTo(2);
      assertThat(cli.err.toString().strip()).as(c[0]).isEqualTo(c[2]);
    }
  }
}
