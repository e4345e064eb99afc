package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.WavFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  private final Cli cli = new Cli();

  @Test
  void placesACallAndWritesTheReportAndWhatWasHeard(@TempDir Path dir) throws Exception {
    Path wav = dir.resolve("heard.wav");
    Path json = dir.resolve("r.json");

    int exit =
        cli.run("demo", "--seconds", "3", "--out", wav.toString(), "--json", json.toString());

    assertThat(exit).as(cli.err.toString()).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.at("/setup/answer_to_first_audio_ms").isIntegralNumber()).isTrue();
    assertThat(r.at("/ice/local_type").asText()).isIn("host", "srflx", "relay");
    assertThat(r.at("/ice/remote_type").asText()).isIn("host", "srflx", "relay", "prflx");
    assertThat(r.at("/srtp/profile").asText())
        .as("negotiated, GCM preferred")
        .isEqualTo("AEAD_AES_128_GCM");
    assertThat(r.at("/setup/dial_to_ringing_ms").asLong()).isBetween(0L, 10_000L);
    assertThat(r.at("/overlay/nodes").asInt()).isEqualTo(3);
    assertThat(r.at("/end/reason").asText()).isEqualTo("local_hangup");
    assertThat(r.at("/quality/mos").asDouble()).isGreaterThan(3.5);
    long sent = r.at("/audio/sent_frames").asLong();
    assertThat(sent).isBetween(145L, 160L);
    assertThat(r.at("/audio/received_frames").asLong())
        .isGreaterThanOrEqualTo((long) (0.95 * sent));
    assertThat(r.at("/audio/concealed_frames").isIntegralNumber()).isTrue();
    assertThat(WavFile.read(wav).durationSeconds()).isGreaterThan(2.5);
    assertThat(cli.out.toString())
        .contains("Overlay: 3 rendezvous nodes")
        .contains("Ringing")
        .contains("Connected")
        .contains("frames sent");
  }

  @Test
  void simulatesABadNetworkAndReportsQuality(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    int exit =
        cli.run(
            "demo",
            "--seconds",
            "3",
            "--impair",
            "loss=10,burst=2,jitter=20,seed=3",
            "--out",
            dir.resolve("h.wav").toString(),
            "--json",
            json.toString());
    assertThat(exit).as(cli.err.toString()).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.at("/rtcp/packets_lost").asLong()).isPositive();
    assertThat(r.at("/quality/mos").asDouble()).isBetween(1.0, 4.5);
    assertThat(cli.out.toString()).contains("simulated network (loss=10");
    assertThat(cli.run("demo", "--impair", "loss=200")).isEqualTo(2);
    assertThat(cli.err.toString()).contains("--impair: impairment loss must be 0..100");
  }

  @Test
  void refusesANonsenseDurationWithOneClearLine() {
    assertThat(cli.run("demo", "--seconds", "-1")).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo("peervoice demo: --seconds must be between 0 and 3600, got -1.0");
  }

  @Test
  void reportCheckNamesEachMissedTarget() throws Exception {
    JsonNode bad =
        new ObjectMapper()
            .readTree(
                "{\"setup\":{\"answer_to_first_audio_ms\":900},\"audio\":{\"sent_frames\":100,"
                    + "\"received_frames\":90,\"envelope_correlation\":0.2}}");
    assertThat(ReportCheck.check(bad))
        .hasSize(3)
        .anySatisfy(f -> assertThat(f).contains("received 90 of 100"))
        .anySatisfy(f -> assertThat(f).contains("900 ms"))
        .anySatisfy(f -> assertThat(f).contains("0.200"));
  }
}
