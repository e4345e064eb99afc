package io.peervoice.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The provider is chosen by rule even when a session is the first thing a process makes (no {@code
 * aesBackend()} or warm-up before): jitsi-srtp caches its choice per transformation on first use,
 * so a session made before the rule ran used to leave ECB on a benchmark's winner. Runs in a fresh
 * JVM, because the choice is made once per process.
 */
class SrtpProviderOrderTest {
  /** Entry point of the fresh JVM: a sender first, then the providers. */
  public static void main(String[] args) {
    try (SrtpSender s =
        Srtp.sender(
            SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new SecureRandom()))) {
      byte[] rtp = new byte[12 + 20];
      rtp[0] = (byte) 0x80;
      s.protect(rtp, 0, rtp.length);
    }
    System.out.println(Srtp.aesBackend() + " " + Srtp.aesProviders().values());
  }

  @Test
  void aSessionMadeFirstStillUsesTheChosenProviderForEveryTransformation() throws Exception {
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                SrtpProviderOrderTest.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as(out).isZero();
    String[] lines = out.split("\n");
    String last = lines[lines.length - 1];
    String chosen = last.substring(0, last.indexOf(' '));
    assertThat(last).isEqualTo(chosen + " [" + chosen + ", " + chosen + ", " + chosen + "]");
  }
}
