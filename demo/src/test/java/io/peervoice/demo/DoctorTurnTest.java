package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peervoice doctor --turn} against a real coturn that serves TURN over TCP and TLS but not
 * UDP (as seen from a network that blocks UDP): each server form is one line saying whether a relay
 * was allocated over its transport and which transport relayed calls will use, and the exit code
 * says whether calls can be relayed at all.
 */
class DoctorTurnTest {
  private static StreamCoturn coturn;
  private final Cli cli = new Cli();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        StreamCoturn.installed(), "coturn is not installed (Debian: apt-get install coturn)");
    String relayHost = StreamCoturn.relayHost().orElse(null);
    assumeTrue(relayHost != null, "no IPv4 interface besides loopback");
    coturn = StreamCoturn.start(relayHost, Files.createTempDirectory("doctor-coturn"));
  }

  @AfterAll
  static void stop() {
    if (coturn != null) {
      coturn.close();
    }
  }

  private JsonNode doctor(Path dir, int expectedExit, String... args) throws Exception {
    Path json = dir.resolve("d.json");
    List<String> all = new ArrayList<>(List.of("doctor", "--json", json.toString()));
    all.addAll(List.of(args));
    assertThat(cli.run(all.toArray(String[]::new))).as(cli.out.toString()).isEqualTo(expectedExit);
    return new ObjectMapper().readTree(json.toFile());
  }

  private static JsonNode check(JsonNode report, String name) {
    for (JsonNode c : report.get("checks")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check named '" + name + "' in " + report.get("checks"));
  }

  private static String credentials(String server) {
    return StreamCoturn.USER + ":" + StreamCoturn.PASSWORD + "@" + server;
  }

  @Test
  void tcpRelaysWhereUdpGetsNoAnswerAndTlsIsTheFallback(@TempDir Path dir) throws Exception {
    String udp = "127.0.0.1:" + coturn.tcpPort;
    String tcp = "turn:127.0.0.1:" + coturn.tcpPort + "?transport=tcp";
    String tls = "turns:localhost:" + coturn.tlsPort;
    JsonNode r =
        doctor(
            dir,
            0,
            "--turn",
            credentials(udp),
            "--turn",
            credentials(tcp),
            "--turn",
            credentials(tls),
            "--ca-file",
            coturn.caFile.toString());
    JsonNode overTcp = check(r, "turn " + tcp);
    assertThat(overTcp.get("verdict").asText()).isEqualTo("ok");
    assertThat(overTcp.get("detail").asText())
        .matches(
            "TCP allocation ok \\(\\d+\\.\\d ms\\), relay at [0-9.]+:\\d+ -> relayed calls go"
                + " over TCP");
    assertThat(overTcp.at("/data/transport").asText()).isEqualTo("tcp");
    assertThat(overTcp.at("/data/used").asBoolean()).isTrue();
    assertThat(overTcp.at("/data/allocate_ms").asDouble()).isPositive();

    JsonNode overTls = check(r, "turn " + tls);
    assertThat(overTls.get("verdict").asText()).isEqualTo("ok");
    assertThat(overTls.get("detail").asText())
        .matches(
            "TLS allocation ok \\(\\d+\\.\\d ms, TLSv1\\.[23]\\), relay at [0-9.]+:\\d+ -> a"
                + " fallback \\(relayed calls go over TCP\\)");
    assertThat(overTls.at("/data/used").asBoolean()).isFalse();
    assertThat(overTls.at("/data/tls_protocol").asText()).startsWith("TLSv1.");

    JsonNode overUdp = check(r, "turn " + udp);
    assertThat(overUdp.get("verdict").asText()).isEqualTo("warn");
    assertThat(overUdp.get("detail").asText())
        .startsWith("UDP allocation failed: ")
        .endsWith(" -> relayed calls go over TCP to the same server");

    assertThat(r.at("/nat/turn_reachable").asBoolean()).isTrue();
    assertThat(r.at("/nat/relay_transport").asText()).isEqualTo("tcp");
    assertThat(r.at("/nat/ok").asBoolean()).isTrue();
  }

  @Test
  void rejectedCredentialsOverTlsFailWithTheirFix(@TempDir Path dir) throws Exception {
    String tls = "turns:localhost:" + coturn.tlsPort;
    JsonNode r =
        doctor(
            dir,
            1,
            "--turn",
            StreamCoturn.USER + ":wrong@" + tls,
            "--ca-file",
            coturn.caFile.toString());
    JsonNode c = check(r, "turn " + tls);
    assertThat(c.get("verdict").asText()).isEqualTo("fail");
    assertThat(c.get("detail").asText())
        .startsWith("TLS allocation failed: ")
        .endsWith(" -> calls cannot be relayed");
    assertThat(c.get("hint").asText()).isEqualTo("check the user and password");
    assertThat(r.at("/nat/turn_reachable").asBoolean()).isFalse();
  }

  @Test
  void aServerCertificateNotTrustedHereFails(@TempDir Path dir) throws Exception {
    String tls = "turns:localhost:" + coturn.tlsPort;
    JsonNode r = doctor(dir, 1, "--turn", credentials(tls));
    JsonNode c = check(r, "turn " + tls);
    assertThat(c.get("verdict").asText()).isEqualTo("fail");
    assertThat(c.get("detail").asText()).startsWith("TLS allocation failed: ");
    assertThat(c.get("hint").asText()).contains("certificate is trusted");
  }
}
