package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.session.dtls.DtlsWarmUp;
import io.peervoice.signaling.Identity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S6 wrtcj: {@code call --webrtc} places a WebRTC call (SDP offer, DTLS-SRTP keys) that {@code
 * listen} answers as it would a browser's offer; both reports say {@code srtp.keying} {@code
 * dtls-srtp} and carry audio. A plain {@code call} still says {@code x25519}.
 */
class WebRtcCallCliTest {
  /**
   * ... and S8: the DTLS warm-up is the process's, run once however many WebRTC phones it holds
   * (here {@code call --webrtc} and {@code listen}, whose offer rings): exactly one handshake in
   * this test if none ran in this JVM before it, none if one did (until S7 {@code call --webrtc}
   * ran its own besides the phones': three here). What this cannot show is that {@code call
   * --webrtc} asks for the warm-up at its start ({@code Phone.warmUpWebRtc()}): its dial starts the
   * same warm-up, so without the early request only when the handshake runs changes, which no count
   * tells apart; the SDK's {@code WarmUpTest} checks that a call starts it.
   */
  @Test
  void callWebrtcIsKeyedByDtlsSrtpAndCarriesAudio(@TempDir Path dir) throws Exception {
    long handshakes = DtlsWarmUp.runs();
    try (CliLab lab = new CliLab(dir)) {
      lab.startOverlay();
      lab.identity("alice");
      Identity bob = lab.identity("bob");
      for (boolean webrtc : new boolean[] {true, false}) {
        CliLab.Running listen =
            lab.listenHere("bob", "--calls", "1", "--auto-answer", "--json", lab.path("bob.json"));
        List<String> args =
            lab.as(
                "alice",
                "call",
                bob.peerId().toString(),
                "--seconds",
                "2",
                "--json",
                lab.path("alice.json"));
        if (webrtc) {
          args.add("--webrtc");
        }
        Cli call = new Cli();
        int code = call.run(args.toArray(String[]::new));
        assertThat(listen.exit().get(30, TimeUnit.SECONDS))
            .as(listen.cli().out.toString())
            .isZero();
        assertThat(code).as(call.out + " " + call.err).isEqualTo(ExitCodes.OK);
        for (String side : new String[] {"alice.json", "bob.json"}) {
          JsonNode r = lab.json(side);
          assertThat(r.at("/srtp/keying").asText())
              .as(side)
              .isEqualTo(webrtc ? "dtls-srtp" : "x25519");
          assertThat(r.at("/srtp/profile").asText()).isEqualTo("AEAD_AES_128_GCM");
          assertThat(r.at("/audio/received_frames").asLong()).as(side).isGreaterThan(25);
          // S6 wrtc2: the DTLS handshake's own time; null with X25519 keys
          JsonNode handshake = r.at("/srtp/dtls_handshake_ms");
          if (webrtc) {
            assertThat(handshake.isNumber()).as(side + ": " + handshake).isTrue();
            assertThat(handshake.asDouble()).as(side).isPositive();
          } else {
            assertThat(handshake.isNull()).as(side + ": " + handshake).isTrue();
          }
        }
        assertThat(call.out.toString().contains("DTLS handshake"))
            .as(call.out.toString())
            .isEqualTo(webrtc);
        if (webrtc) {
          long expected = handshakes == 0 ? 1 : 0; // the process's, unless an earlier test ran it
          Awaitility.await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> DtlsWarmUp.runs() - handshakes >= expected);
          assertThat(DtlsWarmUp.runs() - handshakes)
              .as("DTLS warm-ups in this process during the call")
              .isEqualTo(expected);
        }
      }
    }
  }
}
