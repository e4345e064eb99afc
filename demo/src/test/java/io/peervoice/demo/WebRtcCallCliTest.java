package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S6 wrtcj: {@code call --webrtc} places a WebRTC call (SDP offer, DTLS-SRTP keys) that {@code
 * listen} answers as it would a browser's offer; both reports say {@code srtp.keying} {@code
 * dtls-srtp} and carry audio. A plain {@code call} still says {@code x25519}.
 */
class WebRtcCallCliTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void callWebrtcIsKeyedByDtlsSrtpAndCarriesAudio(@TempDir Path dir) throws Exception {
    SecureRandom random = new SecureRandom();
    Identity.generate(random).save(dir.resolve("alice.id"));
    Identity bob = Identity.generate(random);
    bob.save(dir.resolve("bob.id"));
    try (LocalOverlay overlay = LocalOverlay.start(3)) {
      String bootstrap =
          overlay.addresses().stream()
              .map(a -> "127.0.0.1:" + a.getPort())
              .collect(Collectors.joining(","));
      for (boolean webrtc : new boolean[] {true, false}) {
        Cli listen = new Cli();
        String[] listenArgs = {
          "listen",
          "--id-file",
          dir.resolve("bob.id").toString(),
          "--bootstrap",
          bootstrap,
          "--calls",
          "1",
          "--auto-answer",
          "--json",
          dir.resolve("bob.json").toString()
        };
        CompletableFuture<Integer> listening =
            CompletableFuture.supplyAsync(() -> listen.run(listenArgs));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> listen.out.toString().contains("ready") || listening.isDone());
        assertThat(listening).as("listen: %s %s", listen.out, listen.err).isNotDone();
        List<String> args =
            new java.util.ArrayList<>(
                List.of(
                    "call",
                    bob.peerId().toString(),
                    "--id-file",
                    dir.resolve("alice.id").toString(),
                    "--bootstrap",
                    bootstrap,
                    "--seconds",
                    "2",
                    "--json",
                    dir.resolve("alice.json").toString()));
        if (webrtc) {
          args.add("--webrtc");
        }
        Cli call = new Cli();
        int code = call.run(args.toArray(String[]::new));
        assertThat(listening.get(30, TimeUnit.SECONDS)).as(listen.out.toString()).isZero();
        assertThat(code).as(call.out + " " + call.err).isEqualTo(ExitCodes.OK);
        for (String side : new String[] {"alice.json", "bob.json"}) {
          JsonNode r = json.readTree(dir.resolve(side).toFile());
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
      }
    }
  }
}
