package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peervoice devices}: what Java Sound sees, with formats, as text and as JSON (stdout or a
 * file); in a process with the fake loopback card, the card is listed on both sides with its one
 * format.
 */
class DevicesCommandTest {
  private static final String LOOPBACK = "PeerVoice loopback (fake)";
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void listsBothKindsAsTextAndJson(@TempDir Path dir) throws Exception {
    Cli text = new Cli();
    assertThat(text.run("devices")).isZero();
    assertThat(text.out.toString()).containsPattern("(?m)^capture devices");
    assertThat(text.out.toString()).containsPattern("(?m)^playback devices");
    Cli stdout = new Cli();
    assertThat(stdout.run("devices", "--json")).isZero();
    JsonNode listed = json.readTree(stdout.out.toString());
    assertThat(listed.get("capture").isArray()).isTrue();
    assertThat(listed.get("playback").isArray()).isTrue();
    assertThat(listed.get("line_buffer_ms").asInt()).isEqualTo(40);
    Path file = dir.resolve("devices.json");
    Cli toFile = new Cli();
    assertThat(toFile.run("devices", "--json", file.toString())).isZero();
    assertThat(json.readTree(file.toFile())).isEqualTo(listed);
    assertThat(toFile.out.toString()).contains("capture devices");
  }

  @Test
  void theFakeLoopbackCardIsListedWithItsFormat(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("devices.json");
    try (CliProcess p =
        CliProcess.start(
            List.of("-Dpeervoice.fakeAudio=loopback"),
            List.of("devices", "--json", file.toString()))) {
      assertThat(p.exitCode(Duration.ofSeconds(30))).as(String.join("\n", p.texts())).isZero();
      assertThat(p.texts())
          .contains("  \"" + LOOPBACK + "\" - fake loopback card: playback comes back as capture");
      JsonNode listed = json.readTree(file.toFile());
      for (String kind : new String[] {"capture", "playback"}) {
        JsonNode loop = null;
        for (JsonNode d : listed.get(kind)) {
          if (d.get("name").asText().equals(LOOPBACK)) {
            loop = d;
          }
        }
        assertThat(loop).as(kind + " in " + listed).isNotNull();
        JsonNode format = loop.get("formats").get(0);
        assertThat(format.get("encoding").asText()).isEqualTo("PCM_SIGNED");
        assertThat(format.get("sample_rate").asInt()).isEqualTo(48_000);
        assertThat(format.get("bits").asInt()).isEqualTo(16);
        assertThat(format.get("channels").asInt()).isEqualTo(1);
      }
    }
  }
}
