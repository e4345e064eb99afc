package io.peervoice.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SRTP's AES implementation is chosen by rule, the same for every transformation and every run. */
class SrtpAesProviderTest {
  @Test
  void everyAesTransformationUsesTheOneChosenProvider() {
    String chosen = Srtp.aesBackend();
    assertThat(chosen).isIn("JitsiOpenSslProvider", "SunJCE");
    assertThat(Srtp.aesProviders())
        .hasSize(3)
        .allSatisfy((t, p) -> assertThat(p).isEqualTo(chosen));
    // Linux x86_64 and aarch64 ship the OpenSSL glue; with libcrypto there it is the one.
    boolean shipped =
        System.getProperty("os.name").equals("Linux")
            && java.util.List.of("amd64", "aarch64").contains(System.getProperty("os.arch"));
    boolean libcrypto =
        java.util.stream.Stream.of(
                "/usr/lib/x86_64-linux-gnu/libcrypto.so.3",
                "/usr/lib/aarch64-linux-gnu/libcrypto.so.3",
                "/usr/lib/x86_64-linux-gnu/libcrypto.so.1.1",
                "/usr/lib/aarch64-linux-gnu/libcrypto.so.1.1")
            .anyMatch(f -> java.nio.file.Files.exists(java.nio.file.Path.of(f)));
    if (shipped && libcrypto) {
      assertThat(chosen).isEqualTo("JitsiOpenSslProvider");
    }
    assertThat(Srtp.aesBackend()).isEqualTo(chosen);
  }
}
