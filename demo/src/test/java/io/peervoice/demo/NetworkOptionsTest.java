package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.PortRange;
import io.peervoice.signaling.Identity;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --ports}, {@code --interface} and a dead {@code --bootstrap} on call and listen. */
class NetworkOptionsTest {
  private static final String PEER = "xfzzmrhxwa73377lo3tptlivbnjxekvm";

  private static Path identity(Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Path file = dir.resolve("me.id");
    Identity.generate(new SecureRandom()).save(file);
    return file;
  }

  @Test
  void badPortRangesAreRefusedAtParseTime(@TempDir Path dir) throws Exception {
    Path id = identity(dir);
    String[][] cases = {
      {"40000-39999", "need 1024 <= A <= B <= 65535, got '40000-39999'"},
      {"80-1000", "need 1024 <= A <= B <= 65535, got '80-1000'"},
      {"60000-70000", "need 1024 <= A <= B <= 65535, got '60000-70000'"},
      {"40000-40003", "'40000-40003' has 4 ports; give at least 8"},
      {"40000", "expected A-B (two port numbers), got '40000'"},
      {"a-b", "expected A-B (two port numbers), got 'a-b'"},
    };
    for (String[] c : cases) {
      for (String command : List.of("call", "listen")) {
        Cli cli = new Cli();
        List<String> args =
            command.equals("call")
                ? List.of("call", PEER, "--id-file", id.toString(), "--bootstrap", "127.0.0.1:9")
                : List.of("listen", "--id-file", id.toString(), "--bootstrap", "127.0.0.1:9");
        long start = System.nanoTime();
        int code =
            cli.run(
                java.util.stream.Stream.concat(
                        args.stream(), java.util.stream.Stream.of("--ports", c[0]))
                    .toArray(String[]::new));
        assertThat(code).as("%s --ports %s", command, c[0]).isEqualTo(2);
        assertThat(cli.err.toString()).contains(c[1]);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
      }
    }
  }

  @Test
  void anUnknownInterfaceIsOneLineListingTheInterfaces(@TempDir Path dir) throws Exception {
    Cli cli = new Cli();
    int code =
        cli.run(
            "listen",
            "--id-file",
            identity(dir).toString(),
            "--bootstrap",
            "127.0.0.1:9",
            "--interface",
            "nosuch9");
    assertThat(code).isEqualTo(2);
    List<String> usable = NetworkOptions.Interface.usable();
    assertThat(cli.err.toString())
        .contains(
            "no usable interface 'nosuch9' (up, not loopback); this machine has: "
                + (usable.isEmpty() ? "none but loopback" : String.join(", ", usable)));
  }

  @Test
  void theOptionsBecomeTheIceConfig() {
    List<String> usable = NetworkOptions.Interface.usable();
    PhoneOptions options = new PhoneOptions();
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--id-file", "x.id", "--bootstrap", "127.0.0.1:9", "--ports", "40000-40099"));
    if (!usable.isEmpty()) {
      args.addAll(List.of("--interface", usable.get(0)));
    }
    new CommandLine(new Holder(options)).parseArgs(args.toArray(String[]::new));
    IceConfig ice = options.network.ice();
    assertThat(ice.portRange()).contains(new PortRange(40000, 40099));
    assertThat(ice.allowedInterfaces())
        .isEqualTo(usable.isEmpty() ? java.util.Set.of() : java.util.Set.of(usable.get(0)));
    assertThat(new NetworkOptions().ice()).isEqualTo(IceConfig.defaults());
  }

  @CommandLine.Command(name = "holder")
  static final class Holder {
    @CommandLine.Mixin final PhoneOptions phone;

    Holder(PhoneOptions phone) {
      this.phone = phone;
    }
  }

  @Test
  void aDeadBootstrapIsOneLineAndExitThreeWithinTheReadyTimeout(@TempDir Path dir)
      throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      String node = "127.0.0.1:" + silent.getLocalPort();
      for (String command : List.of("call", "listen")) {
        Cli cli = new Cli();
        List<String> args =
            command.equals("call")
                ? List.of("call", PEER, "--id-file", identity(dir.resolve(command)).toString())
                : List.of("listen", "--id-file", identity(dir.resolve(command)).toString());
        long start = System.nanoTime();
        int code =
            cli.run(
                java.util.stream.Stream.concat(
                        args.stream(), java.util.stream.Stream.of("--bootstrap", node))
                    .toArray(String[]::new));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(code).as(command).isEqualTo(3);
        // the preflight probe (BootstrapProbe, 3 s) answers first; PhoneReady (readyTimeout)
        // is the fallback for nodes that answer STUN but not the overlay
        assertThat(cli.err.toString().lines()).hasSize(1);
        assertThat(cli.err.toString().strip())
            .startsWith("peervoice " + command + ": no rendezvous node answered within ")
            .contains("(tried 127.0.0.1:" + silent.getLocalPort() + ")")
            .contains("check --bootstrap");
        assertThat(millis).as("%s took %d ms", command, millis).isLessThan(7_000);
      }
    }
  }
}
