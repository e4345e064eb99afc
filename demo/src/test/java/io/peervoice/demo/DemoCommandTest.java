package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.WavFile;
import io.peervoice.media.quality.EModel;
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
    assertThat(r.at("/setup/answer_to_first_audio_ms").asLong())
        .as("answer -> first audio (ReportCheck target < 500 ms): %s", r)
        .isBetween(0L, 499L);
    assertThat(r.at("/setup/answer_delay_ms").asLong()).isEqualTo(500);
    assertThat(r.at("/setup/dial_to_ringing_ms").asLong()).isBetween(0L, 10_000L);
    // No STUN or TURN server in the demo: the callee can only have host candidates; the caller's
    // may be learned from its checks (peer reflexive) before its description arrives.
    assertThat(r.at("/ice/local_type").asText()).isEqualTo("host");
    assertThat(r.at("/ice/remote_type").asText()).isIn("host", "prflx");
    if (!r.at("/ice/loopback_fallback").asBoolean()) {
      long gathered = r.at("/ice/host_gathering_ms").asLong();
      long firstValid = r.at("/ice/first_valid_pair_ms").asLong();
      long nominated = r.at("/ice/nominated_ms").asLong();
      // gathering is its own phase; the pair timings count from the start of checks (IceTimings)
      assertThat(gathered).as("host gathering: %s", r.get("ice")).isBetween(0L, 10_000L);
      assertThat(firstValid).as("ICE timings in order: %s", r.get("ice")).isBetween(0L, nominated);
      assertThat(nominated).isLessThanOrEqualTo(r.at("/setup/ice_connect_ms").asLong());
      assertThat(r.at("/ice/path_ready_ms").asLong())
          .as("the media path is built once ICE completed: %s", r.get("ice"))
          .isGreaterThanOrEqualTo(nominated);
      assertThat(r.at("/setup/ice_connect_ms").asLong()).isBetween(1L, 10_000L);
    }
    assertThat(r.at("/srtp/profile").asText())
        .as("negotiated, GCM preferred")
        .isEqualTo("AEAD_AES_128_GCM");
    assertThat(r.at("/srtp/rejected_packets").asLong()).isZero();
    assertThat(r.at("/overlay/nodes").asInt()).isEqualTo(3);
    assertThat(r.at("/end/reason").asText()).isEqualTo("local_hangup");
    assertThat(r.at("/audio/codec").asText()).isEqualTo("opus");
    assertThat(r.at("/audio/opus_version").asText()).matches("libopus 1\\.\\d+(\\.\\d+)?.*");
    long sent = r.at("/audio/sent_frames").asLong();
    long received = r.at("/audio/received_frames").asLong();
    long concealed = r.at("/audio/concealed_frames").asLong();
    assertThat(sent).isBetween(145L, 160L);
    assertThat(received).isBetween((long) (0.95 * sent), sent);
    assertThat(concealed).as("a clean loopback call conceals (almost) nothing").isBetween(0L, 3L);
    assertThat(r.at("/audio/envelope_correlation").asDouble()).isBetween(0.9, 1.0);
    long returnSent = r.at("/audio/return_sent_frames").asLong();
    assertThat(returnSent).isBetween(145L, 160L);
    assertThat(r.at("/audio/return_received_frames").asLong())
        .isBetween((long) (0.95 * returnSent), returnSent);
    assertThat(r.at("/rtcp/packets_lost").asLong()).as("loopback loses nothing").isZero();
    // exact: the report takes each side's figures once its media stopped (EmbeddedCall)
    assertThat(r.at("/rtcp/packets_received").asLong()).isBetween(received, sent);
    assertThat(r.at("/rtcp/round_trip_time_ms").asDouble()).isBetween(0.0, 50.0);
    assertThat(r.at("/rtcp/jitter_ms").asDouble()).isBetween(0.0, 20.0);
    assertThat(r.at("/rtcp/remote_fraction_lost").asDouble()).isZero();
    long reportsSent = r.at("/rtcp/reports_sent").asLong();
    assertThat(reportsSent).as("RTCP every second, both ways, 3 s").isBetween(4L, 10L);
    assertThat(r.at("/rtcp/reports_received").asLong()).isBetween(reportsSent - 2, reportsSent);
    // The E-model's best narrowband R is 93.2 (MOS 4.41) at no delay and no loss; a clean
    // loopback call has tens of ms of delay and no loss: R about 92, MOS about 4.39.
    assertThat(r.at("/quality/mos").asDouble())
        .as("MOS of a clean loopback call: %s", r)
        .isBetween(4.2, EModel.mos(EModel.DEFAULT_RO_MINUS_IS));
    assertThat(r.at("/quality/r_factor").asDouble()).isBetween(85.0, EModel.DEFAULT_RO_MINUS_IS);
    QualityAssertions.assertQualityFollowsFromTheReport(r);
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
    // Seeded Gilbert-Elliott loss, 10 % in bursts of 2, over about 150 packets.
    assertThat(r.at("/rtcp/packets_lost").asLong()).as("%s", r).isBetween(8L, 35L);
    long concealed = r.at("/audio/concealed_frames").asLong();
    assertThat(concealed).isBetween(8L, 50L);
    // About 18 % of frames concealed and 80 ms one way: R about 51, MOS about 2.6.
    assertThat(r.at("/quality/mos").asDouble())
        .as("MOS with 10 %% loss: %s", r)
        .isBetween(2.0, 3.3);
    assertThat(r.at("/quality/r_factor").asDouble()).isBetween(35.0, 65.0);
    QualityAssertions.assertQualityFollowsFromTheReport(r);
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
        .containsExactly(
            "received 90 of 100 sent frames (< 95%)",
            "answer to first audio took 900 ms (target < 500)",
            "heard speech correlates 0.200 with the sample (target >= 0.9)");
    JsonNode good =
        new ObjectMapper()
            .readTree(
                "{\"setup\":{\"answer_to_first_audio_ms\":499},\"audio\":{\"sent_frames\":100,"
                    + "\"received_frames\":95,\"envelope_correlation\":0.9}}");
    assertThat(ReportCheck.check(good)).as("every target met, at its edge").isEmpty();
  }
}
