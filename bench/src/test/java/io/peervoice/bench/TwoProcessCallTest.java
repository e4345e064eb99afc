package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.media.quality.EModel;
import io.peervoice.signaling.Identity;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code peervoice node} processes and two phones as separate processes ({@code peervoice
 * listen} and {@code peervoice call}): a call with speech, DTMF both ways, hold and resume, and a
 * hang-up, checked from both reports and the recording.
 */
class TwoProcessCallTest {
  private final ProcessHarness harness = new ProcessHarness();

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void twoPhoneProcessesTalkThroughThreeNodeProcesses(@TempDir Path dir) throws Exception {
    harness.startNodes(3);
    Identity alice = harness.identity(dir, "alice");
    Identity bob = harness.identity(dir, "bob");
    Path speech = dir.resolve("speech.wav");
    WavFile.write(speech, SpeechSample.load());

    List<String> bobOut = new CopyOnWriteArrayList<>();
    Process listener =
        harness.listen(
            harness.as(
                dir,
                "bob",
                "listen",
                "--auto-answer",
                "--calls",
                "1",
                "--dtmf",
                "9",
                "--record",
                dir.resolve("bob.wav").toString(),
                "--json",
                dir.resolve("bob.json").toString()),
            bobOut);
    assertThat(bobOut).contains("ready " + bob.peerId());

    List<String> aliceOut = new CopyOnWriteArrayList<>();
    Process caller =
        harness.peervoice(
            harness.as(
                dir,
                "alice",
                "call",
                bob.peerId().toString(),
                "--play",
                speech.toString(),
                "--seconds",
                "6",
                "--hold",
                "1.5",
                "--dtmf",
                "12#",
                "--record",
                dir.resolve("alice.wav").toString(),
                "--json",
                dir.resolve("alice.json").toString()),
            aliceOut);
    ProcessHarness.exitsZero(caller, 90, aliceOut);
    ProcessHarness.exitsZero(listener, 30, bobOut);

    JsonNode a = ProcessHarness.json(dir.resolve("alice.json"));
    JsonNode b = ProcessHarness.json(dir.resolve("bob.json"));
    assertThat(a.at("/setup/dial_to_ringing_ms").asLong()).isBetween(0L, 10_000L);
    assertThat(b.at("/setup/dial_to_ringing_ms").asLong())
        .as("the callee never dials")
        .isEqualTo(-1);
    assertThat(a.at("/setup/answer_to_first_audio_ms").asLong()).isBetween(0L, 3_000L);
    assertThat(b.at("/setup/answer_to_first_audio_ms").asLong()).isBetween(0L, 3_000L);
    assertThat(a.at("/call/id").asText())
        .matches("[0-9a-f]{32}")
        .isEqualTo(b.at("/call/id").asText());
    assertThat(a.at("/call/direction").asText()).isEqualTo("outgoing");
    assertThat(b.at("/call/direction").asText()).isEqualTo("incoming");
    assertThat(a.at("/call/peer").asText()).isEqualTo(bob.peerId().toString());
    assertThat(b.at("/call/peer").asText()).isEqualTo(alice.peerId().toString());
    long aliceMillis = a.at("/call/duration_ms").asLong();
    assertThat(aliceMillis).as("--seconds 6").isBetween(6_000L, 8_000L);
    assertThat(b.at("/call/duration_ms").asLong())
        .isBetween(aliceMillis - 1_500, aliceMillis + 1_500);
    for (JsonNode[] pair : List.of(new JsonNode[] {a, b}, new JsonNode[] {b, a})) {
      JsonNode r = pair[0];
      JsonNode other = pair[1];
      // No STUN or TURN: only host candidates, the remote one possibly learned from its checks.
      assertThat(r.at("/ice/local_type").asText()).as("%s", r).isEqualTo("host");
      assertThat(r.at("/ice/remote_type").asText()).isIn("host", "prflx");
      assertThat(r.at("/ice/connect_ms").asLong()).isBetween(1L, 10_000L);
      assertThat(r.at("/srtp/profile").asText()).isEqualTo("AEAD_AES_128_GCM");
      assertThat(r.at("/srtp/rejected_packets").asLong()).as("SRTP rejections: %s", r).isZero();
      assertThat(r.at("/audio/codec").asText()).isEqualTo("opus");
      long sent = r.at("/audio/sent_frames").asLong();
      assertThat(sent).as("50 frames/s for about 6 s: %s", r).isBetween(250L, 450L);
      // What one side sent, the other decoded, bar DTMF (events replace audio) and the tail; each
      // side's final figures are taken once its media stopped, so no frame goes out uncounted.
      assertThat(other.at("/audio/received_frames").asLong())
          .as("received of %d sent: %s", sent, other)
          .isBetween((long) (0.85 * sent), sent);
      assertThat(r.at("/network/send_dropped").asLong()).as("%s", r).isZero();
      assertThat(r.at("/network/receive_dropped").asLong()).as("%s", r).isZero();
      long digitsHeard = other.at("/dtmf/received").asText().length();
      // RFC 4733 event packets (7 a digit) share the audio's sequence numbers: received packets of
      // the stream, never lost audio; nothing is lost on loopback
      assertThat(other.at("/rtcp/packets_lost").asLong())
          .as("lost on loopback, %d DTMF digits: %s", digitsHeard, other)
          .isZero();
      assertThat(other.at("/rtcp/packets_received").asLong())
          .isBetween((long) (0.85 * sent), sent + 7 * digitsHeard);
      long reportsSent = r.at("/rtcp/reports_sent").asLong();
      assertThat(reportsSent).as("RTCP once a second: %s", r).isBetween(4L, 10L);
      assertThat(other.at("/rtcp/reports_received").asLong())
          .isBetween(reportsSent - 2, reportsSent);
      assertThat(r.at("/rtcp/round_trip_time_ms").asDouble()).isBetween(0.0, 50.0);
      assertThat(r.at("/audio/jitter_buffer_delay_ms").asDouble()).isBetween(0.0, 200.0);
      // Loopback with no real loss, DTMF or not: R above 80.
      assertThat(r.at("/quality/mos").asDouble()).as("%s", r).isBetween(4.0, 4.41);
      assertQualityFollowsFromTheReport(r);
    }
    assertThat(a.at("/end/reason").asText()).isEqualTo("local_hangup");
    assertThat(b.at("/end/reason").asText()).isEqualTo("remote_hangup");
    assertThat(a.at("/dtmf/received").asText()).isEqualTo("9");
    assertThat(b.at("/dtmf/received").asText()).isEqualTo("12#");
    assertThat(bobOut).contains("the caller put us on hold", "the caller resumed");

    PcmClip heard = WavFile.read(dir.resolve("bob.wav"));
    PcmClip sample = SpeechSample.load();
    // after the DTMF digits (which replace audio while they play), before the hold
    PcmClip spoken =
        new PcmClip(
            48_000, Arrays.copyOfRange(sample.samples(), 48_000 * 7 / 10, 48_000 * 22 / 10));
    PcmClip start =
        new PcmClip(
            48_000, Arrays.copyOf(heard.samples(), Math.min(heard.samples().length, 48_000 * 3)));
    EnvelopeSimilarity.Result match = EnvelopeSimilarity.compare(spoken, start, 2_000);
    assertThat(match.correlation())
        .as("bob heard alice's speech (lag %d ms)", match.lagMillis())
        .isGreaterThan(0.8);
  }

  /**
   * The report's MOS and R follow from its own delay and loss fields through the E-model, as {@code
   * MediaSessionStats.quality()} documents: one-way = RTT/2 + buffer delay + one 20 ms frame, loss
   * = concealed / (decoded + concealed) frames, MOS by G.107 Annex B.
   */
  private static void assertQualityFollowsFromTheReport(JsonNode r) {
    double rtt = r.at("/rtcp/round_trip_time_ms").asDouble();
    double oneWay = rtt / 2 + r.at("/audio/jitter_buffer_delay_ms").asDouble() + 20;
    long concealed = r.at("/audio/concealed_frames").asLong();
    long decoded = r.at("/audio/received_frames").asLong();
    double loss = concealed + decoded == 0 ? 0 : 100.0 * concealed / (concealed + decoded);
    double expected =
        EModel.DEFAULT_RO_MINUS_IS
            - EModel.delayImpairment(oneWay)
            - EModel.effectiveEquipmentImpairment(EModel.Codec.OPUS, loss, 1);
    double reported = r.at("/quality/r_factor").asDouble();
    assertThat(reported)
        .as("R from %.1f ms one way and %.2f %% loss: %s", oneWay, loss, r)
        .isCloseTo(expected, within(0.1 + EModel.delayImpairment(rtt / 2)));
    assertThat(r.at("/quality/mos").asDouble()).isCloseTo(EModel.mos(reported), within(0.011));
  }
}
