package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * The PEM files a node's {@code --tls-cert}/{@code --tls-key} and {@code doctor --ca-file} name, on
 * arbitrary bytes: {@link PemFiles} gives certificates (at least one, at most {@link
 * PemFiles#MAX_CERTIFICATES}) and a key, or an {@link IOException} with a one-line reason; nothing
 * else is thrown. Seeds ({@code PemFilesFuzzTestInputs/parse/}): a real certificate and key, cut
 * and garbled ones, empty and binary input.
 */
class PemFilesFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void parse(byte[] input) {
    try {
      assertThat(PemFiles.certificates(input)).isNotEmpty().hasSizeLessThanOrEqualTo(64);
    } catch (IOException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
    }
    try {
      assertThat(PemFiles.privateKey(input)).isNotNull();
    } catch (IOException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }
}
