package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import io.peervoice.signaling.RendezvousNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code peervoice doctor} for a failed call: nodes, STUN through them, identity, verdicts. */
class DoctorFailedCallTest {
  private final Cli cli = new Cli();

  @Test
  void aLiveLocalNodeAndAGoodIdentityAreAllOk(@TempDir Path dir) throws Exception {
    Path id = dir.resolve("me.id");
    Identity me = Identity.generate(new SecureRandom());
    me.save(id);
    Path json = dir.resolve("d.json");
    try (LocalOverlay overlay = LocalOverlay.start(2)) {
      List<String> nodes = new ArrayList<>();
      for (RendezvousNode n : overlay.nodes()) {
        nodes.add("127.0.0.1:" + n.address().getPort());
      }
      int code =
          cli.run(
              "doctor",
              "--bootstrap",
              String.join(",", nodes),
              "--id-file",
              id.toString(),
              "--json",
              json.toString());
      assertThat(code).as(cli.out.toString()).isZero();
      JsonNode r = new ObjectMapper().readTree(json.toFile());
      assertThat(r.get("verdict").asText()).isIn("ok", "warn");
      for (int i = 0; i < nodes.size(); i++) {
        JsonNode node = check(r, "bootstrap " + nodes.get(i));
        assertThat(node.get("verdict").asText()).isEqualTo("ok");
        assertThat(node.at("/data/node_id").asText())
            .isEqualTo(overlay.nodes().get(i).id().toString());
        assertThat(node.at("/data/rtt_ms").asDouble()).isPositive().isLessThan(2_000);
        JsonNode stun = check(r, "stun via node " + nodes.get(i));
        assertThat(stun.get("verdict").asText()).isEqualTo("ok");
        // On loopback, as on any host without NAT, the node sees our own address: no NAT, fine.
        assertThat(stun.get("detail").asText()).startsWith("no NAT: the server sees 127.0.0.1:");
        assertThat(stun.at("/data/nat").asBoolean()).isFalse();
      }
      JsonNode identity = check(r, "identity " + id);
      assertThat(identity.get("verdict").asText()).isEqualTo("ok");
      assertThat(identity.at("/data/peer_id").asText()).isEqualTo(me.peerId().toString());
      assertThat(check(r, "srtp").at("/data/aes_provider").asText())
          .isEqualTo(r.at("/native/srtp_aes").asText());
      for (String device : List.of("capture", "playback")) {
        assertThat(check(r, device).get("verdict").asText()).isIn("ok", "warn");
      }
      // Stable field names, in every check.
      for (JsonNode c : r.get("checks")) {
        List<String> fields = new ArrayList<>();
        c.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("name", "verdict", "detail", "hint", "data");
      }
      assertThat(cli.out.toString()).contains("OK    bootstrap " + nodes.get(0) + ": node ");
    }
  }

  @Test
  void aDeadNodeFailsWithAHint(@TempDir Path dir) throws Exception {
    int dead;
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      dead = s.getLocalPort();
    }
    Path json = dir.resolve("d.json");
    long start = System.nanoTime();
    int code = cli.run("doctor", "--bootstrap", "127.0.0.1:" + dead, "--json", json.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(code).isEqualTo(1);
    assertThat(millis).isLessThan(10_000);
    assertThat(cli.out.toString())
        .contains(
            "FAIL  bootstrap 127.0.0.1:"
                + dead
                + ": no answer within 2000 ms; fix: check --bootstrap, that the node runs");
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.get("verdict").asText()).isEqualTo("fail");
    JsonNode c = check(r, "bootstrap 127.0.0.1:" + dead);
    assertThat(c.get("verdict").asText()).isEqualTo("fail");
    assertThat(c.get("hint").asText()).startsWith("check --bootstrap");
  }

  @Test
  void anIdentityReadableByOthersFailsWithChmod(@TempDir Path dir) throws Exception {
    Path id = dir.resolve("me.id");
    Identity.generate(new SecureRandom()).save(id);
    Files.setPosixFilePermissions(id, PosixFilePermissions.fromString("rw-r--r--"));
    Path json = dir.resolve("d.json");
    assertThat(cli.run("doctor", "--id-file", id.toString(), "--json", json.toString()))
        .isEqualTo(1);
    JsonNode c = check(new ObjectMapper().readTree(json.toFile()), "identity " + id);
    assertThat(c.get("verdict").asText()).isEqualTo("fail");
    assertThat(c.get("detail").asText()).isEqualTo("readable by others (rw-r--r--); it is refused");
    assertThat(c.get("hint").asText()).isEqualTo("chmod 600 " + id);

    Path missing = dir.resolve("nope.id");
    Cli again = new Cli();
    assertThat(again.run("doctor", "--id-file", missing.toString())).isEqualTo(1);
    assertThat(again.out.toString())
        .contains(
            "FAIL  identity " + missing + ": no such file; fix: create one: peervoice id new");

    Path corrupt = dir.resolve("bad.id");
    Files.writeString(corrupt, "peer-id: nonsense\n");
    Files.setPosixFilePermissions(
        corrupt, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
    Cli third = new Cli();
    assertThat(third.run("doctor", "--id-file", corrupt.toString())).isEqualTo(1);
    assertThat(third.out.toString())
        .contains("FAIL  identity " + corrupt + ": cannot be read as an identity: ");
  }

  private static JsonNode check(JsonNode report, String name) {
    for (JsonNode c : report.get("checks")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check named '" + name + "' in " + report.get("checks"));
  }
}
