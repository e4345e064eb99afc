package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** {@code --ws-origin} values as browsers serialize origins, and the plain-HTTP warning. */
class WebOptionsTest {
  @Test
  void originsAreNormalisedAsBrowsersSendThem() {
    assertThat(WebOptions.origin("https://Example.org")).isEqualTo("https://example.org");
    assertThat(WebOptions.origin("HTTPS://example.org:443")).isEqualTo("https://example.org");
    assertThat(WebOptions.origin("http://example.org:80")).isEqualTo("http://example.org");
    assertThat(WebOptions.origin("http://example.org:443")).isEqualTo("http://example.org:443");
    assertThat(WebOptions.origin("https://[::1]:8443")).isEqualTo("https://[::1]:8443");
    for (String bad :
        new String[] {
          "https://example.org/",
          "https://example.org/app",
          "https://example.org?x",
          "https://example.org#x",
          "https://u@example.org",
          "ftp://example.org",
          "example.org",
          "https://",
          "https://exa mple.org"
        }) {
      assertThat(WebOptions.origin(bad)).as(bad).isNull();
    }
  }

  @Test
  void plainHttpOffLoopbackIsWarnedAbout() {
    assertThat(WebOptions.plainHttpWarning(new InetSocketAddress("127.0.0.1", 8080))).isNull();
    assertThat(WebOptions.plainHttpWarning(new InetSocketAddress("0.0.0.0", 8080)))
        .startsWith("warning: web on http://0.0.0.0:8080/ : browsers will only allow microphone")
        .contains("identities in the page travel unprotected")
        .doesNotContain("\n");
  }
}
