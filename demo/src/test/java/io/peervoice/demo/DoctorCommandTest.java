package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
  /** Where the Opus codec looks for the system libopus. */
  private static final List<String> SYSTEM_LIBOPUS =
      List.of(
          "/usr/lib/x86_64-linux-gnu/libopus.so.0",
          "/usr/lib/aarch64-linux-gnu/libopus.so.0",
          "/usr/lib64/libopus.so.0",
          "/usr/lib/libopus.so.0");

  private final Cli cli = new Cli();

  @Test
  void reportsInterfacesAndTheNativePiecesInUse(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("d.json");
    assertThat(cli.run("doctor", "--json", json.toString())).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());

    // Exactly the machine's up, non-loopback interfaces with their addresses that are not
    // link-local (what ICE gathers on; the rule of nat's LocalInterfaces).
    Map<String, Set<String>> expected = new TreeMap<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      Set<String> addresses =
          Collections.list(nif.getInetAddresses()).stream()
              .filter(a -> !a.isLinkLocalAddress() && !a.isLoopbackAddress())
              .map(a -> a.getHostAddress().replaceAll("%.*", ""))
              .collect(Collectors.toSet());
      if (nif.isUp() && !nif.isLoopback() && !addresses.isEmpty()) {
        expected.put(nif.getName(), addresses);
      }
    }
    Map<String, Set<String>> reported = new TreeMap<>();
    for (JsonNode nif : r.get("interfaces")) {
      Set<String> addresses = new HashSet<>();
      nif.get("addresses").forEach(a -> addresses.add(a.asText()));
      reported.put(nif.get("name").asText(), addresses);
    }
    assertThat(reported).isEqualTo(expected);

    // Netty ships epoll for Linux x86_64 and aarch64: there it must load; NIO is a fallback that
    // always says why.
    String transport = r.at("/native/netty_transport").asText();
    boolean epollShipped =
        System.getProperty("os.name").equals("Linux")
            && List.of("amd64", "aarch64").contains(System.getProperty("os.arch"));
    assertThat(transport).isEqualTo(epollShipped ? "epoll" : "nio");
    assertThat(r.at("/native/epoll_unavailable").isMissingNode()).isEqualTo(epollShipped);
    if (!epollShipped) {
      assertThat(r.at("/native/epoll_unavailable").asText()).isNotBlank();
    }

    // The bundled libopus 1.1.2 unless the machine has a newer one (which is then preferred).
    String opus = r.at("/native/opus").asText();
    assertThat(opus).matches("libopus \\d+\\.\\d+(\\.\\d+)?.*");
    boolean systemOpus = SYSTEM_LIBOPUS.stream().anyMatch(p -> Files.isReadable(Path.of(p)));
    if (systemOpus) {
      assertThat(versionNumbers(opus))
          .as("%s is at least the bundled 1.1.2", opus)
          .isGreaterThanOrEqualTo(versionNumbers("libopus 1.1.2"));
    } else {
      assertThat(opus).isEqualTo("libopus 1.1.2");
    }
    // ... and where it came from: its file and why it was taken, or the opus-java jar.
    String origin = r.at("/native/opus_origin").asText();
    if (opus.equals("libopus 1.1.2")) {
      assertThat(origin).isEqualTo("the opus-java jar (bundled)");
    } else {
      assertThat(origin)
          .matches(
              "/.*libopus\\.so\\.0 \\((system library|PeerVoice library directory|given file)\\)");
    }
    // jitsi-srtp picks the fastest of its AES providers.
    String aes = r.at("/native/srtp_aes").asText();
    assertThat(aes).matches("JitsiOpenSslProvider|SunJCE|SunPKCS11.*|BC");
    assertThat(r.has("nat")).as("no NAT probe without --stun/--turn").isFalse();

    assertThat(cli.out.toString())
        .contains("Native: Netty " + transport)
        .contains(", " + opus + " from " + origin + ", SRTP AES by " + aes)
        .contains("NAT: not checked");
    for (String name : expected.keySet()) {
      assertThat(cli.out.toString()).contains("  " + name + " [");
    }
  }

  @Test
  void aMalformedTurnServerIsOneClearProblem(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("d.json");
    assertThat(cli.run("doctor", "--turn", "turn.example.org", "--json", json.toString()))
        .isEqualTo(1);
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.get("nat").size()).as("only ok and summary: %s", r.get("nat")).isEqualTo(2);
    assertThat(r.at("/nat/ok").asBoolean()).isFalse();
    assertThat(r.at("/nat/summary").asText())
        .startsWith("TURN server must be USER:PASSWORD@HOST[:PORT], or USER:PASSWORD@ followed by")
        .contains("turns:HOST[:PORT]");
    assertThat(cli.out.toString()).contains("NAT: TURN server must be USER:PASSWORD@HOST");
  }

  /** {@code libopus 1.3.1} as 1_003_001, for ordering versions. */
  private static long versionNumbers(String version) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?").matcher(version);
    assertThat(m.find()).as("a version in %s", version).isTrue();
    return Long.parseLong(m.group(1)) * 1_000_000
        + Long.parseLong(m.group(2)) * 1_000
        + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
  }
}
